import type { DashboardSummary } from '../../../shared/api/tableSchemas';
import { routeHref } from '../route';
import { VariationIcon } from './VerdictIcons';

interface Props {
  summary: DashboardSummary;
  section: number;
  onSection: (section: number) => void;
}

const COUNTS = [
  { key: 'special_concerning', words: 'concerning', side: 'high' },
  { key: 'special_improving', words: 'improving', side: 'high' },
  { key: 'special_neither', words: 'special cause, neither', side: 'high' },
  { key: 'common_cause', words: 'common cause', side: null },
] as const;

/** What needs attention this period: per section, how many KPIs show each variation and fail a standard. */
export function AttentionSummary({ summary, section, onSection }: Props) {
  const { events, steps } = summary.inbox;
  return (
    <section className="attention" aria-labelledby="attention-heading">
      <h2 id="attention-heading" className="visually-hidden">
        What needs attention in {summary.period}
      </h2>
      <ul className="attention-sections">
        {summary.sections.map((s) => (
          <li key={s.number} className={s.number === section ? 'current' : undefined}>
            <button type="button" onClick={() => onSection(s.number)} aria-current={s.number === section ? 'true' : undefined} data-testid={`attention-${s.number}`}>
              <span className="attention-title">
                {s.number}. {s.title}
              </span>
              <span className="attention-counts">
                {COUNTS.map(({ key, words, side }) =>
                  s.counts[key] ? (
                    <span key={key} className="attention-count">
                      <VariationIcon variation={key} side={side} size={16} />
                      <span aria-hidden="true">{s.counts[key]}</span>
                      <span className="visually-hidden">
                        {s.counts[key]} {words}
                      </span>
                    </span>
                  ) : null,
                )}
                {s.counts.not_judged > 0 && <span className="attention-not-judged">{s.counts.not_judged} not judged</span>}
                {s.counts.failing > 0 && <span className="attention-failing">{s.counts.failing} short of a standard</span>}
              </span>
            </button>
          </li>
        ))}
        <li className="attention-inbox">
          <a href={routeHref({ view: 'anomalies', period: summary.period })} data-testid="attention-inbox">
            <span className="attention-title">To review</span>
            <span className="attention-counts">
              {events} event{events === 1 ? '' : 's'}
              {steps ? `, ${steps} step change${steps === 1 ? '' : 's'} proposed` : ''}
            </span>
          </a>
        </li>
      </ul>
      <p className="attention-chance" data-testid="attention-chance">
        {summary.chance}
      </p>
    </section>
  );
}
