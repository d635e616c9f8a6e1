import { useState } from 'react';

export interface Status {
  text: string;
  undo?: () => Promise<void>;
}

/** A polite announcement of what just happened, with Undo where the change can be taken back. */
export function StatusMessage({ status, onUndone }: { status: Status | undefined; onUndone: (text: string) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <div role="status" className="status-line">
      {status?.text}
      {status?.undo && (
        <>
          {' '}
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await status.undo!();
              setBusy(false);
              onUndone('Undone.');
            }}
          >
            Undo
          </button>
        </>
      )}
    </div>
  );
}
