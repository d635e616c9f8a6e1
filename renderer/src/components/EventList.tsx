import { useRef, useState } from 'react';
import type { InboxEvent } from '../../../shared/api/analysisSchemas';
import type { Kpi } from '../../../shared/domain/kpi';
import { formatMonth, parseMonthKey } from '../../../shared/domain/periods';
import { api } from '../api';
import { routeHref } from '../route';
import { AnnotationForm } from './AnnotationForm';
import { ReasonForm } from './ReasonForm';
import { Sparkline } from './Sparkline';
import { VariationIcon } from './VerdictIcons';

const figureOf = (e: InboxEvent) => ({ kpiId: e.kpiId, dimension: e.breakdown ?? '', category: e.category ?? '', month: e.from, to: e.to });
export const describeEvent = (e: InboxEvent) => `${e.name}${e.breakdown ? ` (${e.breakdown}: ${e.category})` : ''}, ${e.summary}`;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface ItemProps {
  event: InboxEvent;
  period: string;
  kpis: Kpi[];
  /** After a change: reload, and say what happened beside the item. */
  onChanged: () => void;
  /** The KPI page lists its own events: no link back to it. */
  showKpi?: boolean;
}

/**
 * One event: consecutive months of a special cause in one series, in words, with its last two years and
 * the statistics for those who want them; explained (an annotation) or dismissed (a reason) in place, where
 * the confirmation then shows and the focus stays.
 */
export function EventItem({ event: e, period, kpis, onChanged, showKpi = true }: ItemProps) {
  const [action, setAction] = useState<'explain' | 'dismiss' | null>(null);
  const [message, setMessage] = useState<string>();
  const item = useRef<HTMLLIElement>(null);
  const done = (text: string) => {
    setAction(null);
    setMessage(text);
    onChanged();
    // Focus returns to the item acted on, where the confirmation is announced.
    requestAnimationFrame(() => item.current?.querySelector<HTMLElement>('.event-status')?.focus());
  };
  // Cancelled, the focus goes back to the button that opened the form.
  const cancel = () => {
    const opened = action;
    setAction(null);
    requestAnimationFrame(() => item.current?.querySelector<HTMLElement>(`.event-actions button[data-action="${opened}"]`)?.focus());
  };
  const when = e.from === e.to ? formatMonth(parseMonthKey(e.from)) : `${formatMonth(parseMonthKey(e.from))} to ${formatMonth(parseMonthKey(e.to))}`;
  const title = `${e.number} ${e.name}${e.breakdown ? `, ${e.breakdown}: ${e.category}` : ''}`;
  return (
    <li ref={item} className={`event${e.review ? ' reviewed' : ''}`} data-testid="event" data-kpi={e.kpiId} data-breakdown={e.breakdown ?? ''} data-from={e.from} data-to={e.to} data-variation={e.variation} aria-label={`${title}: ${e.summary}`}>
      <div className="event-head">
        <VariationIcon variation={e.variation} side={e.side} />
        <div>
          <h3 className="event-title">{showKpi ? <a href={routeHref({ view: 'kpi', kpiId: e.kpiId, period })}>{title}</a> : title}</h3>
          <p className="event-summary">{capitalise(e.summary)}.</p>
        </div>
        <Sparkline spark={e.spark} unit={e.unit} />
      </div>
      <p className="event-figure">
        Furthest from usual in {formatMonth(parseMonthKey(e.peak))}: {e.display.value}
        {e.expected !== null && (
          <>
            {' '}
            against {e.display.expected} ({e.display.difference}
            {e.display.percent !== 'n/a' ? `, ${e.display.percent}` : ''})
          </>
        )}
        .
      </p>
      <details className="event-detail">
        <summary>The statistics</summary>
        <p>{e.detail}</p>
      </details>
      <div className="event-actions">
        {e.review ? (
          <>
            <span className="review-note">{e.review.status === 'explained' ? `Explained (annotation A${e.review.annotationId})` : `Dismissed: ${e.review.reason}`}</span>{' '}
            <button
              type="button"
              onClick={async () => {
                await api.call('anomalies.reopen', { figure: figureOf(e) });
                done(`${title}, ${when}: back to review.`);
              }}
            >
              Reopen
            </button>
          </>
        ) : (
          action === null && (
            <>
              <button type="button" className="primary" data-action="explain" onClick={() => setAction('explain')} aria-label={`Explain ${title}, ${when}`}>
                Explain…
              </button>{' '}
              <button type="button" data-action="dismiss" onClick={() => setAction('dismiss')} aria-label={`Dismiss ${title}, ${when}`}>
                Dismiss…
              </button>
            </>
          )
        )}
      </div>
      {action === 'explain' && (
        <AnnotationForm
          kpis={kpis}
          context={`Explaining ${describeEvent(e)}.`}
          initial={{ scope: 'kpis', kpiIds: [e.kpiId], from: e.from, to: e.to, category: 'other', text: '' }}
          submitLabel="Save explanation"
          onCancel={cancel}
          onSubmit={async (draft) => {
            const { annotation } = await api.call('anomalies.explain', { figure: figureOf(e), rule: e.rule, annotation: draft });
            done(`Explained with annotation A${annotation.id}: ${title}, ${when}.`);
          }}
        />
      )}
      {action === 'dismiss' && (
        <ReasonForm
          question={`Why does ${title}, ${when}, need no explanation?`}
          submitLabel="Dismiss"
          onCancel={cancel}
          onSubmit={async (reason) => {
            await api.call('anomalies.dismiss', { figure: figureOf(e), rule: e.rule, reason });
            done(`Dismissed: ${title}, ${when}.`);
          }}
        />
      )}
      <p className="event-status" role="status" tabIndex={-1}>
        {message}
      </p>
    </li>
  );
}

export function EventList({ events, ...rest }: Omit<ItemProps, 'event'> & { events: InboxEvent[] }) {
  return (
    <ul className="events" data-testid="events">
      {events.map((e) => (
        <EventItem key={e.id} event={e} {...rest} />
      ))}
    </ul>
  );
}
