import { forwardRef, useEffect, useState } from 'react';
import type { WorkspaceInfo } from '../../../shared/api/workspaceSchemas';
import { api } from '../api';
import type { Result } from '../../../shared/api/contract';
import { TableHead } from './TableHead';
import { errorText } from '../errorText';

type BackupList = Result<'backups.list'>;

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const size = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

interface Props {
  /** Loaded each time the dialog opens. */
  open: boolean;
  onRestored: (info: WorkspaceInfo, text: string, undo: () => Promise<void>) => void;
  onClose: () => void;
}

/**
 * The workspace's backups: when, why, how many figures, how large, and where they are. Restoring one backs
 * the workspace up first, so the restore itself can be undone.
 */
export const BackupsDialog = forwardRef<HTMLDialogElement, Props>(function BackupsDialog({ open, onRestored, onClose }, ref) {
  const [list, setList] = useState<BackupList>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    setError(undefined);
    api.call('backups.list', {}).then(setList, (e: unknown) => setError(errorText(e)));
  }, [open]);
  const restore = async (id: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const done = await api.call('backups.restore', { id });
      onRestored(done.info, `Restored the backup of ${when(done.restored.createdAt)} (${done.restored.reason}).`, async () => {
        const undone = await api.call('backups.restore', { id: done.before.id });
        onRestored(undone.info, 'The restore was undone: the workspace is as it was before it.', async () => undefined);
      });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} aria-labelledby="backups-title" className="backups-dialog" onClose={onClose}>
      <h2 id="backups-title">Backups of this workspace</h2>
      <p className="hint">
        Taken before every import, undo, restore and batch of figures entered by hand, and at each day’s first opening; the last 20 are kept, and one a day for 30 days.
        {list && ` ${list.backups.length} backup${list.backups.length === 1 ? '' : 's'}, ${size(list.totalBytes)}, in ${list.folder}.`}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {list && !list.backups.length && <p>No backups yet: the first is taken before the first change.</p>}
      {list && list.backups.length > 0 && (
        <div className="table-wrap backups-table">
          <table>
            <caption className="visually-hidden">Backups, newest first</caption>
            <TableHead columns={['Taken', 'Why', 'Figures', 'Size', <span className="visually-hidden">Restore</span>]} />
            <tbody>
              {list.backups.map((b) => (
                <tr key={b.id}>
                  <th scope="row">{when(b.createdAt)}</th>
                  <td>{b.reason}</td>
                  <td>{b.observationCount < 0 ? 'unknown' : b.observationCount.toLocaleString('en-GB')}</td>
                  <td>{size(b.bytes)}</td>
                  <td>
                    <button type="button" disabled={busy} onClick={() => restore(b.id)} aria-label={`Restore the backup of ${when(b.createdAt)}`}>
                      Restore
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
});
