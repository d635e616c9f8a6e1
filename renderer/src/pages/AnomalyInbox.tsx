import { useMemo, useState } from 'react';
import type { InboxEvent } from '../../../shared/api/analysisSchemas';
import { falseAlarmWords, SENSITIVITY_TEXT } from '../../../shared/analysis/sensitivity';
import { SECTIONS } from '../../../shared/domain/sections';
import { useApi } from '../useApi';
import { stepThrough, useShortcuts } from '../keyboard';
import { ErrorMessage } from '../components/ErrorMessage';
import { EventList } from '../components/EventList';
import { StepProposals } from '../components/StepProposals';

type Status = 'open' | 'explained' | 'dismissed' | 'all';
const STATUSES: { value: Status; label: string }[] = [
  { value: 'open', label: 'To review' },
  { value: 'explained', label: 'Explained' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'all', label: 'All' },
];
const VARIATIONS = [
  { value: '', label: 'Any' },
  { value: 'special_concerning', label: 'Concerning' },
  { value: 'special_improving', label: 'Improving' },
  { value: 'special_neither', label: 'Neither better nor worse' },
] as const;

const statusOf = (e: InboxEvent): Status => e.review?.status ?? 'open';

/**
 * The period's events: consecutive months of a special cause in one series are one item, concern first,
 * with step changes awaiting a decision above them. Filtered by section, KPI and variation; explained or
 * dismissed in place.
 */
export function AnomalyInbox({ period }: { period: string }) {
  const inbox = useApi('anomalies.list', { period }, [period]);
  const kpis = useApi('kpis.list', {}, []);
  const [status, setStatus] = useState<Status>('open');
  const [section, setSection] = useState('');
  const [variation, setVariation] = useState('');
  const [search, setSearch] = useState('');
  // Items acted on stay in view, and in their places, until the filter changes, so the confirmation and the
  // focus stay with them: re-sorted by review, an explained event would take the focus thousands of pixels down.
  const [kept, setKept] = useState<string[]>([]);
  const events = useMemo(() => inbox.data?.events ?? [], [inbox.data]);
  const words = search.trim().toLowerCase();
  const matches = (e: InboxEvent) =>
    (!section || e.section === Number(section)) &&
    (!variation || e.variation === variation) &&
    (!words || `${e.number} ${e.name} ${e.breakdown ?? ''} ${e.category ?? ''}`.toLowerCase().includes(words));
  const keptIds = new Set(kept);
  const filtered = events.filter((e) => matches(e) && (status === 'all' || statusOf(e) === status || keptIds.has(e.id)));
  const byId = new Map(filtered.map((e) => [e.id, e]));
  const shown = kept.length ? [...kept.flatMap((id) => byId.get(id) ?? []), ...filtered.filter((e) => !keptIds.has(e.id))] : filtered;
  const count = (s: Status) => events.filter((e) => matches(e) && (s === 'all' || statusOf(e) === s)).length;
  const refilter = (change: () => void) => {
    setKept([]);
    change();
  };
  const data = inbox.data;
  // j and k move between events, e and x act on the one the focus is in.
  const eventItems = () => [...document.querySelectorAll<HTMLElement>('.anomaly-inbox [data-testid="event"]')];
  const focusedEvent = () => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-testid="event"]') ?? null;
  const step = (by: number) => {
    const next = stepThrough(eventItems(), by);
    if (!next) return;
    next.tabIndex = -1;
    next.focus();
  };
  const act = (name: RegExp) => [...(focusedEvent()?.querySelectorAll<HTMLButtonElement>('.event-actions button') ?? [])].find((b) => name.test(b.textContent ?? ''))?.click();
  useShortcuts({ j: () => step(1), k: () => step(-1), e: () => act(/^Explain/), x: () => act(/^Dismiss/) });
  return (
    <div className="anomaly-inbox">
      <h1 tabIndex={-1}>Anomalies</h1>
      {inbox.error && <ErrorMessage message={inbox.error} />}
      {data && (
        <>
          <p className="period-long">
            {data.periodLong}: {events.length} event{events.length === 1 ? '' : 's'}. {data.chance} ({SENSITIVITY_TEXT[data.sensitivity].name}: {falseAlarmWords(data.sensitivity)}.)
          </p>
          {data.steps.length > 0 && (
            <section aria-labelledby="steps-heading">
              <h2 id="steps-heading">Step changes to decide ({data.steps.length})</h2>
              <StepProposals steps={data.steps} period={period} onChanged={inbox.reload} />
            </section>
          )}
          <section aria-labelledby="events-heading">
            <h2 id="events-heading">Events</h2>
            <div className="filters" role="group" aria-label="Filter the events">
              <label>
                Section
                <select value={section} onChange={(e) => refilter(() => setSection(e.target.value))}>
                  <option value="">All sections</option>
                  {SECTIONS.map((s) => (
                    <option key={s.number} value={s.number}>
                      {s.number}. {s.title}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                KPI
                <input type="search" value={search} onChange={(e) => refilter(() => setSearch(e.target.value))} placeholder="Name or number" />
              </label>
              <label>
                Variation
                <select value={variation} onChange={(e) => refilter(() => setVariation(e.target.value))}>
                  {VARIATIONS.map((v) => (
                    <option key={v.value} value={v.value}>
                      {v.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="filter-tabs" role="group" aria-label="Show">
              {STATUSES.map((s) => (
                <button key={s.value} type="button" aria-pressed={status === s.value} onClick={() => refilter(() => setStatus(s.value))}>
                  {s.label} ({count(s.value)})
                </button>
              ))}
            </div>
            {shown.length === 0 ? (
              <p className="empty-note">{status === 'open' ? 'Nothing left to review for this period.' : 'None.'}</p>
            ) : (
              <EventList
                events={shown}
                period={period}
                kpis={kpis.data ?? []}
                onChanged={() => {
                  setKept(shown.map((e) => e.id));
                  inbox.reload();
                }}
              />
            )}
          </section>
          {data.notJudged.length > 0 && (
            <details className="not-judged">
              <summary>{data.notJudged.length} series not judged, and why</summary>
              <ul>
                {data.notJudged.map((n) => (
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
