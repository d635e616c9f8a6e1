import { useState } from 'react';
import { useCommandKeys } from '../keyboard';
import type { ReportView } from '../../../shared/report/reportSchemas';
import { api } from '../api';
import { ExportedFile } from '../components/ExportedFile';
import { TableHead } from '../components/TableHead';
import { errorText } from '../errorText';

interface Props {
  view: ReportView;
  period: string;
  openFindings: number;
  author: string;
  busy: boolean;
  setBusy: (busy: boolean) => void;
  /** Saves unsaved changes first: an export is of the report as it reads on screen. */
  beforeExport: () => Promise<ReportView | undefined>;
  onExported: (next: ReportView, written: { path: string; exportId: number }) => void;
  onError: (message: string) => void;
}

const FORMATS = [
  { format: 'docx', label: 'Word (.docx)' },
  { format: 'pdf', label: 'PDF' },
  { format: 'html', label: 'HTML' },
] as const;

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

function stateSince(e: ReportView['exports'][number]): string {
  if (!e.changedFigures && !e.changedSentences) return 'as the report reads now';
  const parts = [e.changedFigures && `${e.changedFigures} figure${e.changedFigures === 1 ? '' : 's'}`, e.changedSentences && `${e.changedSentences} sentence${e.changedSentences === 1 ? '' : 's'}`].filter(Boolean);
  return `${parts.join(' and ')} changed since`;
}

/** Writes the report to a new file each time, and lists every file written with its version, time and figures. */
export function ExportPanel({ view, period, openFindings, author, busy, setBusy, beforeExport, onExported, onError }: Props) {
  const [version, setVersion] = useState<'draft' | 'final'>('draft');
  const [written, setWritten] = useState<{ id: number; fileName: string; path: string }>();
  const waitsFor = openFindings
    ? `Export waits until each of the ${openFindings} finding${openFindings === 1 ? '' : 's'} of the check is fixed or accepted.`
    : !view.forceName
      ? 'The cover needs the force’s name: set it in Settings first.'
      : !author.trim()
        ? 'The cover needs an author: give the report’s author above.'
        : null;
  const exportAs = async (format: 'docx' | 'pdf' | 'html') => {
    if (busy || waitsFor !== null) return;
    const pressed = document.activeElement as HTMLElement | null;
    setBusy(true);
    try {
      if (!(await beforeExport())) return;
      const result = await api.call('report.export', { period, format, version });
      const next = await api.call('report.open', { period, start: 'draft' });
      const fileName = result.path.split(/[\\/]/).pop()!;
      setWritten({ id: result.exportId, fileName, path: result.path });
      onExported(next, result);
    } catch (err) {
      onError(errorText(err));
    } finally {
      setBusy(false);
      // Back to the control acted on; the line under it says what was written.
      requestAnimationFrame(() => pressed?.isConnected && pressed.focus());
    }
  };
  // Ctrl+Shift+E: export to Word from anywhere on the report's page.
  useCommandKeys({ 'Mod+Shift+E': () => void exportAs('docx') });
  return (
    <section className="report-export" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <div className="export-row">
        <fieldset className="form-row">
          <legend>Version</legend>
          <label>
            <input type="radio" name="version" checked={version === 'draft'} onChange={() => setVersion('draft')} /> Draft
          </label>
          <label>
            <input type="radio" name="version" checked={version === 'final'} onChange={() => setVersion('final')} /> Final
          </label>
        </fieldset>
        <div className="form-actions">
          {FORMATS.map(({ format, label }) => (
            <button key={format} type="button" disabled={waitsFor !== null} aria-disabled={busy} onClick={() => exportAs(format)}>
              {label}
            </button>
          ))}
        </div>
      </div>
      <p className="hint">
        {waitsFor ?? `Each export is a new file in ${view.exportFolder}; nothing is written over.`}
        {!view.forceName && (
          <>
            {' '}
            <a href="#/settings">Open Settings</a>
          </>
        )}
      </p>
      {written && (
        <p className="written" data-testid="written" role="status">
          Written: <strong>{written.fileName}</strong> <ExportedFile kind="report" id={written.id} fileName={written.fileName} exists />
        </p>
      )}
      {view.exports.length > 0 && (
        <div className="table-wrap">
          <table className="exports">
            <caption>Files written from this report, newest first, each kept with the figures it was written from</caption>
            <TableHead columns={['File', 'Version', 'Written', 'Since then', <span className="visually-hidden">Actions</span>]} />
            <tbody>
              {view.exports.map((e) => (
                <tr key={e.id}>
                  <th scope="row" className="file" title={e.filePath}>
                    {e.fileName}
                    {e.replaced > 0 && <span className="hint"> (replaced {e.replaced === 1 ? 'once' : `${e.replaced} times`})</span>}
                  </th>
                  <td>{e.version === 'final' ? 'Final' : 'Draft'}</td>
                  <td>{when(e.createdAt)}</td>
                  <td>{stateSince(e)}</td>
                  <td>
                    <ExportedFile kind="report" id={e.id} fileName={e.fileName} exists={e.exists} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
