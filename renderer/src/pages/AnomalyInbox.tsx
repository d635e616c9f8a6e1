import { Fragment, useState } from 'react';
import type { Anomaly } from '../../../shared/api/analysisSchemas';
import { formatMonth, parseMonthKey } from '../../../shared/domain/periods';
import { api } from '../api';
import { useApi } from '../useApi';
import { routeHref } from '../route';
import { AnnotationForm } from '../components/AnnotationForm';
import { ErrorMessage } from '../components/ErrorMessage';
import { TableHead } from '../components/TableHead';
import { ReasonForm } from '../components/ReasonForm';

type Filter = 'open' | 'explained' | 'dismissed' | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'open', label: 'To review' },
  { value: 'explained', label: 'Explained' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'all', label: 'All' },
];

const DIRECTION_TEXT = { improving: 'Improving', deteriorating: 'Deteriorating', neither: 'Neither better nor worse' } as const;

const statusOf = (a: Anomaly): Filter => a.review?.status ?? 'open';
const keyOf = (a: Anomaly) => `${a.kpiId}|${a.breakdown ?? ''}|${a.category ?? ''}|${a.month}`;
const figureOf = (a: Anomaly) => ({ kpiId: a.kpiId, dimension: a.breakdown ?? '', category: a.category ?? '', month: a.month });
const describe = (a: Anomaly) => `${a.name}${a.breakdown ? ` (${a.breakdown}: ${a.category})` : ''}, ${formatMonth(parseMonthKey(a.month))}`;

/** Every flagged figure of the period, largest first: explain it (an annotation) or dismiss it, once. */
export function AnomalyInbox({ period }: { period: string }) {
  const inbox = useApi('anomalies.list', { period }, [period]);
  const kpis = useApi('kpis.list', {}, []);
  const [filter, setFilter] = useState<Filter>('open');
  const [open, setOpen] = useState<{ key: string; action: 'explain' | 'dismiss' } | null>(null);
  const [message, setMessage] = useState<string>();
  const anomalies = inbox.data?.anomalies ?? [];
  const shown = anomalies.filter((a) => filter === 'all' || statusOf(a) === filter);
  const count = (f: Filter) => anomalies.filter((a) => f === 'all' || statusOf(a) === f).length;
  const done = (text: string) => {
    setOpen(null);
    setMessage(text);
    inbox.reload();
  };
  const reopen = async (a: Anomaly) => {
    await api.call('anomalies.reopen', { figure: figureOf(a) });
    done(`${describe(a)} is back in the inbox.`);
  };

  return (
    <div className="anomaly-inbox">
      <h1>Anomalies</h1>
      {inbox.error && <ErrorMessage message={inbox.error} />}
      {inbox.data && (
        <>
          <p className="period-long">
            {inbox.data.periodLong}: {anomalies.length} flagged figure{anomalies.length === 1 ? '' : 's'} in {inbox.data.judged} series judged. Seasonal series are judged
            against their season, others against their recent level and control limits.
          </p>
          <div className="filter-tabs" role="group" aria-label="Show">
            {FILTERS.map((f) => (
              <button key={f.value} type="button" aria-pressed={filter === f.value} onClick={() => setFilter(f.value)}>
                {f.label} ({count(f.value)})
              </button>
            ))}
          </div>
          <div role="status" className="status-line">
            {message}
          </div>
          {shown.length === 0 ? (
            <p className="empty-note">{filter === 'open' ? 'Nothing left to review for this period.' : 'None.'}</p>
          ) : (
            <div className="table-wrap">
              <table className="anomaly-table" data-testid="anomaly-table">
                <caption>Flagged figures, {inbox.data.period}, largest departure first</caption>
                <TableHead columns={['KPI', 'Month', 'Figure', 'Expected', 'Difference', 'Rule', 'Size', 'Direction', '']} />
                <tbody>
                  {shown.map((a) => {
                    const key = keyOf(a);
                    return (
                      <Fragment key={key}>
                        <tr data-testid="anomaly-row" data-kpi={a.kpiId} data-month={a.month}>
                          <th scope="row">
                            <a href={routeHref({ view: 'kpi', kpiId: a.kpiId, period })}>
                              {a.number} {a.name}
                            </a>
                            {a.breakdown && (
                              <span className="sub">
                                {a.breakdown}: {a.category}
                              </span>
                            )}
                          </th>
                          <td>{formatMonth(parseMonthKey(a.month))}</td>
                          <td>{a.display.value}</td>
                          <td>{a.display.expected}</td>
                          <td>
                            {a.display.difference}
                            {a.display.percent !== 'n/a' && ` (${a.display.percent})`}
                          </td>
                          <td className="rule" title={a.rules.length > 1 ? `Also: ${a.rules.slice(1).join(', ').replace(/_/g, ' ')}` : undefined}>
                            {a.ruleName}
                          </td>
                          <td>{a.size.toFixed(1)} SD</td>
                          <td className={`direction ${a.direction}`}>{DIRECTION_TEXT[a.direction]}</td>
                          <td className="actions">
                            {a.review ? (
                              <>
                                <span className="review-note">
                                  {a.review.status === 'explained' ? `Explained (annotation A${a.review.annotationId})` : `Dismissed: ${a.review.reason}`}
                                </span>{' '}
                                <button type="button" onClick={() => reopen(a)}>
                                  Reopen
                                </button>
                              </>
                            ) : (
                              <>
                                <button type="button" className="primary" onClick={() => setOpen({ key, action: 'explain' })}>
                                  Explain…
                                </button>{' '}
                                <button type="button" onClick={() => setOpen({ key, action: 'dismiss' })}>
                                  Dismiss…
                                </button>
                              </>
                            )}
                          </td>
                        </tr>
                        {open?.key === key && (
                          <tr className="inline-form">
                            <td colSpan={9}>
                              {open.action === 'explain' && kpis.data ? (
                                <AnnotationForm
                                  kpis={kpis.data}
                                  context={`Explaining ${describe(a)}: ${a.display.value} against ${a.display.expected} expected.`}
                                  initial={{ scope: 'kpis', kpiIds: [a.kpiId], from: a.month, to: a.month, category: 'other', text: '' }}
                                  submitLabel="Save explanation"
                                  onCancel={() => setOpen(null)}
                                  onSubmit={async (draft) => {
                                    const { annotation } = await api.call('anomalies.explain', { figure: figureOf(a), rule: a.rule, annotation: draft });
                                    done(`Explained ${describe(a)} with annotation A${annotation.id}.`);
                                  }}
                                />
                              ) : (
                                <ReasonForm
                                  question={`Why does ${describe(a)} need no explanation?`}
                                  submitLabel="Dismiss"
                                  onCancel={() => setOpen(null)}
                                  onSubmit={async (reason) => {
                                    await api.call('anomalies.dismiss', { figure: figureOf(a), rule: a.rule, reason });
                                    done(`Dismissed ${describe(a)}.`);
                                  }}
                                />
                              )}
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {inbox.data.notJudged.length > 0 && (
            <details className="not-judged">
              <summary>
                {inbox.data.notJudged.length} series not judged, and why
              </summary>
              <ul>
                {inbox.data.notJudged.map((n) => (
                  <li key={`${n.kpiId}|${n.breakdown}|${n.category}`}>
                    {n.name}
                    {n.breakdown ? ` (${n.breakdown}: ${n.category})` : ''}: {n.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}
