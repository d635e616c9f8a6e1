import { forwardRef, useState } from 'react';
import type { Finding } from './checkMarks';

interface Props {
  finding: Finding;
  paragraphNumber: string;
  top: number;
  left: number;
  onFix: () => void;
  onAccept: (reason: string | null) => void;
  onClose: () => void;
}

/**
 * The check's finding where it stands, with its fixes: the live figure it most likely meant, the opposite
 * word, or accepting it as written with a reason. Escape goes back to the text.
 */
export const FindingPopover = forwardRef<HTMLDivElement, Props>(function FindingPopover({ finding, paragraphNumber, top, left, onFix, onAccept, onClose }, ref) {
  const [reason, setReason] = useState('');
  const [accepting, setAccepting] = useState(false);
  const { suggestion } = finding;
  return (
    <div
      ref={ref}
      className="finding-popover"
      role="group"
      aria-label={`Finding in paragraph ${paragraphNumber}`}
      style={{ top, left }}
      data-testid="finding-popover"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <p className="finding-message">{finding.message}</p>
      {finding.accepted ? (
        <>
          <p className="finding-accepted">Accepted as written: {finding.acceptedReason || 'no reason given'}</p>
          <button type="button" onClick={() => onAccept(null)}>
            Take back the acceptance
          </button>
        </>
      ) : (
        <div className="finding-actions">
          {suggestion && (
            <button type="button" className="primary" onClick={onFix}>
              {suggestion.field ? `Use the live figure: ${suggestion.label}` : `Change to ${suggestion.label}`}
            </button>
          )}
          {!accepting ? (
            <button type="button" onClick={() => setAccepting(true)}>
              Accept as written…
            </button>
          ) : (
            <form
              className="finding-accept"
              onSubmit={(e) => {
                e.preventDefault();
                if (reason.trim()) onAccept(reason.trim());
              }}
            >
              <label>
                Why it is right as written <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />
              </label>
              <button type="submit" disabled={!reason.trim()}>
                Accept
              </button>
            </form>
          )}
        </div>
      )}
    </div>
  );
});
