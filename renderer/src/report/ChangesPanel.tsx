import type { ReportView } from '../../../shared/report/reportSchemas';
import { TableHead } from '../components/TableHead';

const KIND_WORDS = { edited: 'Edited', figures: 'Its figures changed', added: 'Added', removed: 'Removed' } as const;

/** What differs from the last export: the Panel's "why is this different from the draft", answered. */
export function ChangesPanel({ changes }: { changes: NonNullable<ReportView['changes']> }) {
  const { since, figures, sentences } = changes;
  const label = `${since.fileName}, ${new Date(since.createdAt).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`;
  return (
    <section className="report-changes" aria-labelledby="changes-heading" data-testid="changes">
      <h2 id="changes-heading">Since the last export</h2>
      {!figures.length && !sentences.length ? (
        <p>The report reads exactly as {label} did.</p>
      ) : (
        <details open={figures.length + sentences.length <= 6}>
          <summary>
            Against {label}: {figures.length} figure{figures.length === 1 ? '' : 's'} and {sentences.length} sentence{sentences.length === 1 ? '' : 's'} changed
          </summary>
          {figures.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>Figures in the tables</caption>
                <TableHead columns={['Row', 'Column', 'Then', 'Now']} />
                <tbody>
                  {figures.map((f, i) => (
                    <tr key={i}>
                      <th scope="row" title={f.table}>
                        {f.row}
                      </th>
                      <td>{f.column}</td>
                      <td>{f.before}</td>
                      <td>{f.after}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {sentences.length > 0 && (
            <ul className="sentence-changes">
              {sentences.map((s, i) => (
                <li key={i}>
                  <strong>
                    {s.paragraph} · {KIND_WORDS[s.kind]}:
                  </strong>{' '}
                  {s.before && <del>{s.before}</del>} {s.after && <ins>{s.after}</ins>}
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </section>
  );
}
