import { useState } from 'react';
import { bridge, revealExport } from '../api';
import { errorText } from '../errorText';

/** What can be done with a file an export wrote: open it or show it in its folder (desktop), download it (browser). */
export function ExportedFile({ kind, id, fileName, exists }: { kind: 'report' | 'data' | 'brief'; id: number; fileName: string; exists: boolean }) {
  const [error, setError] = useState<string>();
  const act = (action: 'open' | 'folder' | 'download') => {
    setError(undefined);
    revealExport(action, kind, id).catch((e: unknown) => setError(errorText(e)));
  };
  if (!exists) return <span className="hint">moved or deleted since</span>;
  return (
    <span className="exported-file">
      {bridge ? (
        <>
          <button type="button" onClick={() => act('open')} aria-label={`Open ${fileName}`}>
            Open
          </button>
          <button type="button" onClick={() => act('folder')} aria-label={`Show ${fileName} in its folder`}>
            Show in folder
          </button>
        </>
      ) : (
        <button type="button" onClick={() => act('download')} aria-label={`Download ${fileName}`} data-testid="download">
          Download
        </button>
      )}
      {error && (
        <span role="alert" className="error-inline">
          {error}
        </span>
      )}
    </span>
  );
}
