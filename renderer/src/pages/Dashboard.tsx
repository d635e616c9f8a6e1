import { SECTIONS } from '../../../shared/domain/kpi';
import { useApi } from '../useApi';
import { navigate } from '../route';
import { SectionTabs } from '../components/SectionTabs';
import { KpiTable } from '../components/KpiTable';
import { TrendCard } from '../components/TrendCard';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  section: number;
  period: string;
}

/** The report's five sections: per section the KPI table for the period and each KPI's trend chart. */
export function Dashboard({ section, period }: Props) {
  const table = useApi('table.get', { period, section }, [period, section]);
  const title = SECTIONS.find((s) => s.number === section)?.title ?? '';
  const headlineRows = table.data?.rows.filter((r) => r.breakdown === null) ?? [];
  return (
    <div className="dashboard">
      <SectionTabs section={section} onSelect={(s) => navigate({ view: 'section', section: s, period })} />
      <section id="section-panel" role="tabpanel" aria-labelledby={`tab-${section}`}>
        <h1>
          {section}. {title}
        </h1>
        {table.error && <ErrorMessage message={table.error} />}
        {table.data && (
          <>
            <p className="period-long" data-testid="period-long">
              {table.data.periodLong}, compared with {table.data.previousPeriod}
            </p>
            {table.data.rows.length === 0 ? (
              <p>No figures in this section for {table.data.period} or {table.data.previousPeriod}.</p>
            ) : (
              <KpiTable
                table={table.data}
                caption={`${section}. ${title}: ${table.data.period} compared with ${table.data.previousPeriod}`}
                onOpenKpi={(kpiId) => navigate({ view: 'kpi', kpiId, period })}
              />
            )}
            <h2>Trends</h2>
            <div className="trend-grid">
              {headlineRows.map((row) => (
                <TrendCard key={row.kpiId} kpiId={row.kpiId} title={`${row.number} ${row.name}`} period={period} />
              ))}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
