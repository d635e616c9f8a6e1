import { useEffect, useMemo, useState } from 'react';
import { SECTIONS } from '../../../shared/domain/kpi';
import { inReportOrder, MARKINGS, numberParagraphs, type GlossaryEntry, type Marking, type ReportTemplate } from '../../../shared/report/model';
import type { ReportView } from '../../../shared/report/reportSchemas';
import { rowLookup, renderText } from '../../../shared/report/fields';
import { api } from '../api';
import { useApi } from '../useApi';
import { ErrorMessage } from '../components/ErrorMessage';
import { ParagraphEditor, type EditableParagraph } from '../components/ParagraphEditor';
import { ReportTemplateEditor } from '../components/ReportTemplateEditor';

interface Draft {
  title: string;
  author: string;
  marking: Marking;
  template: ReportTemplate;
  glossary: GlossaryEntry[];
  paragraphs: EditableParagraph[];
}

const draftOf = (view: ReportView): Draft => ({
  title: view.title,
  author: view.author,
  marking: view.marking,
  template: view.template,
  glossary: view.glossary,
  paragraphs: view.paragraphs.map((p) => ({ ...p })),
});

/** Renumbers paragraphs as they now stand, as the report will: 1.1, 1.2 … in each section. */
const renumber = (paragraphs: EditableParagraph[]): EditableParagraph[] => numberParagraphs(inReportOrder(paragraphs));

let localCounter = 0;

/** The Force Performance Report of the period: its contents, narrative, number check and exports. */
export function ReportPage({ period }: { period: string }) {
  const list = useApi('report.list', {}, [period]);
  const kpis = useApi('kpis.list', {}, []);
  const figures = useApi('table.get', { period, scope: 'all' }, [period]);
  const lookup = useMemo(() => rowLookup(figures.data?.rows ?? []), [figures.data]);
  const [view, setView] = useState<ReportView>();
  const [draft, setDraft] = useState<Draft>();
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState<'draft' | 'final'>('draft');
  const existing = list.data?.find((r) => r.period === period);
  const previous = list.data?.find((r) => r.period !== period);

  const show = (next: ReportView) => {
    setView(next);
    setDraft(draftOf(next));
    setDirty(false);
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const open = (start: 'draft' | 'previous') => run(async () => show(await api.call('report.open', { period, start })));

  useEffect(() => {
    setView(undefined);
    setDraft(undefined);
    if (existing) void open('draft');
  }, [period, existing?.period]);

  const change = (update: (d: Draft) => Draft) => {
    setDraft((d) => (d ? update(d) : d));
    setDirty(true);
  };
  const save = () =>
    run(async () => {
      if (!draft) return;
      const next = await api.call('report.save', {
        period,
        changes: {
          title: draft.title,
          author: draft.author,
          marking: draft.marking,
          template: draft.template,
          glossary: draft.glossary,
          paragraphs: draft.paragraphs.map(({ id, section, kpiId, text }) => ({ id, section, kpiId, text })),
        },
      });
      show(next);
      setStatus(`Saved. ${next.openIssues ? `The check lists ${next.openIssues} thing${next.openIssues === 1 ? '' : 's'} to look at.` : 'The check found nothing to correct.'}`);
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (dirty) void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const problemsOf = useMemo(() => {
    const counts = new Map<string, number>();
    for (const i of view?.issues ?? []) if (!i.accepted) counts.set(i.paragraphId, (counts.get(i.paragraphId) ?? 0) + 1);
    return counts;
  }, [view]);

  if (!existing && !view) {
    return (
      <div className="report-page">
        <h1>Force Performance Report, {period}</h1>
        {list.error && <ErrorMessage message={list.error} />}
        {error && <ErrorMessage message={error} />}
        <p>There is no report for {period} yet. Start one:</p>
        <div className="form-actions">
          <button type="button" className="primary" disabled={busy} onClick={() => open('draft')}>
            Draft it from the data
          </button>
          {previous && (
            <button type="button" disabled={busy} onClick={() => open('previous')}>
              Carry forward the wording of {previous.period}
            </button>
          )}
        </div>
        <p className="hint">A draft has a paragraph per KPI with its figures as live fields; carried-forward wording keeps its fields, which then show {period}’s figures.</p>
      </div>
    );
  }
  if (!view || !draft || !kpis.data) return <p className="hint">Opening the report…</p>;

  const paragraphs = renumber(draft.paragraphs);
  const setParagraphs = (next: EditableParagraph[]) => change((d) => ({ ...d, paragraphs: renumber(next) }));

  return (
    <div className="report-page">
      <h1>
        {draft.title}, {view.periodLong}
      </h1>
      {view.carriedFrom && <p className="hint">The wording was carried forward from {view.carriedFrom}; its live fields show {view.period}’s figures.</p>}
      {error && <ErrorMessage message={error} />}
      <div className="toolbar report-toolbar">
        <label>
          Title <input value={draft.title} onChange={(e) => change((d) => ({ ...d, title: e.target.value }))} size={28} />
        </label>
        <label>
          Author <input value={draft.author} onChange={(e) => change((d) => ({ ...d, author: e.target.value }))} size={18} />
        </label>
        <label>
          Marking
          <select value={draft.marking} onChange={(e) => change((d) => ({ ...d, marking: e.target.value as Marking }))}>
            {MARKINGS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" disabled={!dirty || busy} onClick={save}>
          Save changes <span className="hint">(Ctrl+S)</span>
        </button>
        <button type="button" disabled={!dirty || busy} onClick={() => (setDraft(draftOf(view)), setDirty(false))}>
          Revert
        </button>
      </div>
      <div role="status" className="status-line">
        {dirty ? 'Unsaved changes.' : status}
      </div>

      <section className="report-check" aria-labelledby="check-heading">
        <h2 id="check-heading">Number check</h2>
        {view.issues.length === 0 ? (
          <p data-testid="check-clear">Every number typed in the text agrees with the data, and every word of direction with its change.</p>
        ) : (
          <ul className="issues" data-testid="issues">
            {view.issues.map((i) => (
              <li key={i.id} className={i.accepted ? 'accepted' : undefined}>
                <strong>Paragraph {i.paragraphNumber}</strong>: {i.message} <q>{i.excerpt}</q>{' '}
                <button
                  type="button"
                  onClick={() => run(async () => show(await api.call('report.accept', { period, issueId: i.id, accepted: !i.accepted })))}
                  disabled={busy || dirty}
                >
                  {i.accepted ? 'Take back acceptance' : 'Accept as written'}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="report-export" aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
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
          {(['docx', 'pdf', 'html'] as const).map((format) => (
            <button
              key={format}
              type="button"
              disabled={busy || dirty || view.openIssues > 0}
              onClick={() =>
                run(async () => {
                  const written = await api.call('report.export', { period, format, version });
                  setStatus(`Saved ${written.path}`);
                  show(await api.call('report.open', { period, start: 'draft' }));
                })
              }
            >
              {format === 'docx' ? 'Word (.docx)' : format === 'pdf' ? 'PDF' : 'HTML'}
            </button>
          ))}
        </div>
        <p className="hint">
          {view.openIssues > 0
            ? `Export waits until each of the ${view.openIssues} finding${view.openIssues === 1 ? '' : 's'} above is fixed or accepted.`
            : dirty
              ? 'Save your changes first.'
              : `Files go to ${view.exportFolder}.`}
        </p>
        {view.exports.length > 0 && (
          <table className="exports">
            <caption>Exports of this report, newest first (each kept with the figures it was written from)</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Version</th>
                <th scope="col">Format</th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {view.exports.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.createdAt.slice(0, 16).replace('T', ' ')}</th>
                  <td>{e.version}</td>
                  <td>{e.format}</td>
                  <td className="file">{e.filePath}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {SECTIONS.map((s) => {
        const own = paragraphs.filter((p) => p.section === s.number);
        return (
          <section key={s.number} className="report-section" aria-labelledby={`report-section-${s.number}`}>
            <h2 id={`report-section-${s.number}`}>
              {s.number}. {s.title}
            </h2>
            <details>
              <summary>Contents: {draft.template.sections.find((t) => t.number === s.number)!.kpis.length} KPIs in the table</summary>
              <ReportTemplateEditor section={s.number} template={draft.template} kpis={kpis.data!} onChange={(template) => change((d) => ({ ...d, template }))} />
            </details>
            {own.map((p, i) => (
              <ParagraphEditor
                key={p.id}
                paragraph={p}
                kpis={kpis.data!}
                problems={problemsOf.get(p.id) ?? 0}
                first={i === 0}
                last={i === own.length - 1}
                preview={renderText(p.text, lookup)}
                onChange={(text) => setParagraphs(paragraphs.map((q) => (q.id === p.id ? { ...q, text } : q)))}
                onMove={(by) => {
                  const next = [...paragraphs];
                  const from = next.findIndex((q) => q.id === p.id);
                  const to = next.findIndex((q) => q.id === own[i + by].id);
                  [next[from], next[to]] = [next[to], next[from]];
                  setParagraphs(next);
                }}
                onDelete={() => setParagraphs(paragraphs.filter((q) => q.id !== p.id))}
                onRedraft={
                  p.kpiId && !dirty
                    ? () =>
                        run(async () => {
                          show(await api.call('report.redraft', { period, kpiId: p.kpiId! }));
                          setStatus(`Paragraphs of ${kpis.data!.find((k) => k.id === p.kpiId)?.name} drafted afresh.`);
                        })
                    : null
                }
              />
            ))}
            <div className="form-actions">
              <button
                type="button"
                onClick={() => setParagraphs([...paragraphs, { id: `new-${Date.now().toString(36)}-${localCounter++}`, section: s.number, kpiId: null, text: '', number: '' }])}
              >
                Add a paragraph
              </button>
              <select
                aria-label={`Add a paragraph about a KPI in section ${s.number}`}
                value=""
                onChange={(e) =>
                  e.target.value &&
                  setParagraphs([...paragraphs, { id: `new-${Date.now().toString(36)}-${localCounter++}`, section: s.number, kpiId: e.target.value, text: '', number: '' }])
                }
              >
                <option value="">Add a paragraph about…</option>
                {kpis.data!.filter((k) => k.section === s.number).map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.number} {k.name}
                  </option>
                ))}
              </select>
            </div>
          </section>
        );
      })}

      <section className="report-glossary" aria-labelledby="glossary-heading">
        <h2 id="glossary-heading">Glossary</h2>
        <details>
          <summary>{draft.glossary.length} terms</summary>
          {draft.glossary.map((g, i) => (
            <div key={i} className="glossary-entry">
              <input aria-label={`Term ${i + 1}`} value={g.term} onChange={(e) => change((d) => ({ ...d, glossary: d.glossary.map((x, j) => (j === i ? { ...x, term: e.target.value } : x)) }))} />
              <textarea
                aria-label={`Definition of ${g.term}`}
                rows={2}
                value={g.definition}
                onChange={(e) => change((d) => ({ ...d, glossary: d.glossary.map((x, j) => (j === i ? { ...x, definition: e.target.value } : x)) }))}
              />
              <button type="button" onClick={() => change((d) => ({ ...d, glossary: d.glossary.filter((_, j) => j !== i) }))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => change((d) => ({ ...d, glossary: [...d.glossary, { term: 'New term', definition: 'What it means.' }] }))}>
            Add a term
          </button>
        </details>
      </section>
    </div>
  );
}
