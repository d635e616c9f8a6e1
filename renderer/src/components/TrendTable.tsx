import type { Trend } from '../../../shared/api/contract';
import { formatValue } from '../../../shared/domain/format';
import { TableHead } from './TableHead';

/** A trend's figures as a table: what every trend chart offers instead of the picture. */
export function TrendTable({ trend, caption }: { trend: Trend; caption: string }) {
  return (
    <table className="trend-table">
      <caption>{caption}</caption>
      <TableHead columns={['Month', trend.lastYear.label, trend.thisYear.label]} />
      <tbody>
        {trend.months.map((month, i) => (
          <tr key={month}>
            <th scope="row">{month}</th>
            <td>{formatValue(trend.lastYear.values[i], trend.unit)}</td>
            <td>{formatValue(trend.thisYear.values[i], trend.unit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
