import type { DashboardSummary } from '../../../shared/api/tableSchemas';
import { routeHref } from '../route';
import { Sparkline } from './Sparkline';
import { Verdict } from './VerdictIcons';

type Card = DashboardSummary['cards'][number];

/** Each KPI of the section at a glance: the last two years, the period's figure, the change and the verdict. */
export function KpiCards({ cards, period }: { cards: Card[]; period: string }) {
  return (
    <ul className="kpi-cards" aria-label="KPIs of this section">
      {cards.map((c) => (
        <li key={c.kpiId} className="kpi-card" data-testid="kpi-card" data-kpi={c.kpiId} data-variation={c.variation ?? 'not_judged'}>
          <a className="kpi-card-name" href={routeHref({ view: 'kpi', kpiId: c.kpiId, period })}>
            {c.number} {c.name}
          </a>
          <span className="kpi-card-figure">
            {c.current}
            <span className="kpi-card-change">
              {c.change}
              {c.changePercent !== 'n/a' && c.change !== '–' ? ` (${c.changePercent})` : ''}
            </span>
          </span>
          <Sparkline spark={c.spark} unit={c.unit} width={120} height={28} />
          <Verdict variation={c.variation} side={c.side} assurance={c.assurance} notJudged={c.notJudged} words={false} />
          <span className="visually-hidden">{c.words}</span>
        </li>
      ))}
    </ul>
  );
}
