import type { NarrativeIssue } from '../../../shared/report/numberCheck';

interface Props {
  issues: readonly NarrativeIssue[];
  accepted: ReadonlyMap<string, string>;
  paragraphNumbers: ReadonlyMap<string, string>;
  onGoTo: (issue: NarrativeIssue) => void;
}

/** Every finding of the number check, each taking the analyst to where it stands in the text. */
export function CheckList({ issues, accepted, paragraphNumbers, onGoTo }: Props) {
  const open = issues.filter((i) => !accepted.has(i.id)).length;
  return (
    <section className="report-check" aria-labelledby="check-heading">
      <h2 id="check-heading">Number check</h2>
      {issues.length === 0 ? (
        <p data-testid="check-clear">Every number typed in the text agrees with the data, and every word of direction with its change.</p>
      ) : (
        <>
          <p>
            {open ? `${open} to fix or accept` : 'Every finding is accepted as written'}; each is underlined in the text, with its fix.
          </p>
          <ul className="issues" data-testid="issues">
            {issues.map((i) => (
              <li key={i.id} className={accepted.has(i.id) ? 'accepted' : undefined}>
                <button type="button" className="link" onClick={() => onGoTo(i)}>
                  Paragraph {paragraphNumbers.get(i.paragraphId) ?? i.paragraphNumber}
                </button>
                : {i.message}
                {accepted.has(i.id) && <span className="hint"> Accepted as written: {accepted.get(i.id)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
