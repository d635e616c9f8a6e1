import { SECTIONS } from '../../../shared/domain/kpi';
import { useApi } from '../useApi';
import { navigate } from '../route';
import { useShortcuts } from '../keyboard';
import { SectionTabs } from '../components/SectionTabs';
import { KpiTable } from '../components/KpiTable';
import { TrendFigure } from '../components/TrendFigure';
import { ErrorMessage } from '../components/ErrorMessage';
import { AttentionSummary } from '../components/AttentionSummary';
import { KpiCards } from '../components/KpiCards';

interface Props {
  section: number;
  period: string;
}

/**
 * The first screen: what needs attention this period (per section, how many KPIs show each verdict; what
 * awaits review), then the chosen section's KPIs as cards beside their trend charts, then its KPI table.
 */
export function Dashboard({ section, period }: Props) {
  const summary = useApi('dashboard.summary', { period }, [period]);
  const table = useApi('table.get', { period, section }, [period, section]);
  const title = SECTIONS.find((s) => s.number === section)?.title ?? '';
  const select = (s: number) => navigate({ view: 'section', section: s, period });
  const cards = summary.data?.cards.filter((c) => c.section === section) ?? [];
  useShortcuts(Object.fromEntries([1, 2, 3, 4, 5].map((n) => [String(n), () => select(n)])));
  return (
    <div className="dashboard">
      {summary.error && <ErrorMessage message={summary.error} />}
      {summary.data && <AttentionSummary summary={summary.data} section={section} onSection={select} />}
      <SectionTabs section={section} onSelect={select} />
      <section id="section-panel" role="tabpanel" aria-labelledby={`tab-${section}`}>
        <h1 tabIndex={-1}>
          {section}. {title}
        </h1>
        {summary.data && (
          <p className="period-long" data-testid="period-long">
            {summary.data.periodLong}, compared with {summary.data.previousPeriod}
          </p>
        )}
        {summary.data && cards.length === 0 && <p>No figures in this section for {summary.data.period} or {summary.data.previousPeriod}.</p>}
        {cards.length > 0 && (
          <div className="section-overview">
            <KpiCards cards={cards} period={period} />
            <div className="trend-grid" aria-label="Trends">
              {cards.map((c) => (
                <TrendFigure key={c.kpiId} kpiId={c.kpiId} title={`${c.number} ${c.name}`} period={period} sourceName={table.data?.rows.find((r) => r.kpiId === c.kpiId && r.breakdown === null)?.sourceName} />
              ))}
            </div>
          </div>
        )}
        {table.error && <ErrorMessage message={table.error} />}
        {table.data && table.data.rows.length > 0 && (
          <>
            <h2>KPI table</h2>
            <KpiTable
              table={table.data}
              caption={`${section}. ${title}: ${table.data.period} compared with ${table.data.previousPeriod}`}
              onOpenKpi={(kpiId) => navigate({ view: 'kpi', kpiId, period })}
            />
          </>
        )}
      </section>
    </div>
  );
}
