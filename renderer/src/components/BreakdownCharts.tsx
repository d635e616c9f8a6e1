import { useMemo, useState } from 'react';
import type { KpiTable, KpiTableRowDto } from '../../../shared/api/tableSchemas';
import { breakdownChartOption } from '../../../shared/charts/breakdownChart';
import { LazyEChart as EChart } from '../charts/LazyEChart';
import { TableHead } from './TableHead';
import { FigureCaption } from './FigureCaption';
import { FigureSource } from './FigureSource';
import { ComparisonCells } from './ComparisonCells';

function BreakdownChart({ dimension, rows, table, kpiName }: { dimension: string; rows: KpiTableRowDto[]; table: KpiTable; kpiName: string }) {
  const [asTable, setAsTable] = useState(false);
  const title = `${kpiName} by ${dimension.toLowerCase()}`;
  const label = `Bar chart of ${title}, ${table.period} and ${table.previousPeriod}. Choose “Show as table” for the figures.`;
  const option = useMemo(() => breakdownChartOption(rows, { current: table.period, previous: table.previousPeriod }, { description: label }), [rows, table, label]);
  return (
    <figure className="breakdown-card" data-testid="breakdown-card">
      <FigureCaption title={title} asTable={asTable} onToggle={() => setAsTable((v) => !v)} />
      {asTable ? (
        <table>
          <caption>
            {title}: {table.period} compared with {table.previousPeriod}
          </caption>
          <TableHead columns={[dimension, table.period, table.previousPeriod, 'Volume Change', '% Change']} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.category}>
                <th scope="row">{r.category}</th>
                <ComparisonCells row={r} />
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <EChart option={option} label={label} height={Math.max(160, 60 + rows.length * 44)} />
      )}
      <FigureSource name={rows[0]?.sourceName} />
    </figure>
  );
}

/** One chart per breakdown dimension of a KPI (age, gender, strand …) for the period and a year earlier. */
export function BreakdownCharts({ table, kpiId, kpiName }: { table: KpiTable; kpiId: string; kpiName: string }) {
  const byDimension = new Map<string, KpiTableRowDto[]>();
  for (const row of table.rows) {
    if (row.kpiId !== kpiId || !row.breakdown) continue;
    byDimension.set(row.breakdown, [...(byDimension.get(row.breakdown) ?? []), row]);
  }
  if (!byDimension.size) return null;
  return (
    <>
      <h2>Breakdowns, {table.period}</h2>
      <div className="trend-grid">
        {[...byDimension].map(([dimension, rows]) => (
          <BreakdownChart key={dimension} dimension={dimension} rows={rows} table={table} kpiName={kpiName} />
        ))}
      </div>
    </>
  );
}
