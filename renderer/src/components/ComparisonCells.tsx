import type { KpiTableRowDto } from '../../../shared/api/tableSchemas';

/** A row's four figures as every KPI table sets them out: this period, a year earlier, the change and the % change. */
export function ComparisonCells({ row }: { row: Pick<KpiTableRowDto, 'display'> }) {
  return (
    <>
      <td>{row.display.current}</td>
      <td>{row.display.previous}</td>
      <td>{row.display.change}</td>
      <td>{row.display.changePercent}</td>
    </>
  );
}
