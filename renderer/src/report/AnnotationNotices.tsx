import type { AnnotationNotice } from '../../../shared/report/annotationNotices';

/**
 * The annotations written after drafting that apply to this paragraph's KPI: each says what it would add,
 * with Insert (the sentence goes at the paragraph's end, as a draft places it) and Leave out (for this report).
 */
export function AnnotationNotices({ notices, onInsert, onLeaveOut }: { notices: readonly AnnotationNotice[]; onInsert: (n: AnnotationNotice) => void; onLeaveOut: (n: AnnotationNotice) => void }) {
  if (!notices.length) return null;
  return (
    <ul className="annotation-notices" aria-label="Annotations written after drafting">
      {notices.map((n) => (
        <li key={`${n.annotationId}-${n.kpiId}`} className="annotation-notice">
          <span>{n.message}</span>
          <span className="notice-actions">
            <button type="button" onClick={() => onInsert(n)} aria-label={`Insert ${n.label} into the paragraph`}>
              Insert
            </button>
            <button type="button" onClick={() => onLeaveOut(n)} aria-label={`Leave ${n.label} out of this report`}>
              Leave out
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}
