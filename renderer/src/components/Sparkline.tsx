import { formatValue } from '../../../shared/domain/format';
import type { Unit } from '../../../shared/domain/kpi';
import { formatMonthShort, parseMonthKey } from '../../../shared/domain/periods';

interface Props {
  spark: { months: string[]; values: number[]; flagged: boolean[] };
  unit: Unit;
  width?: number;
  height?: number;
}

/**
 * The last two years at a glance: a line, with the months of a special cause marked by a diamond (a shape,
 * not only a colour). Its text alternative names the range and the marked months.
 */
export function Sparkline({ spark, unit, width = 140, height = 34 }: Props) {
  const { values, months, flagged } = spark;
  if (values.length < 2) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = 4;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (values.length - 1);
  const y = (v: number) => (max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / (max - min));
  const path = values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const marked = months.filter((_, i) => flagged[i]).map((m) => formatMonthShort(parseMonthKey(m)));
  const label = `${formatMonthShort(parseMonthKey(months[0]))} to ${formatMonthShort(parseMonthKey(months[months.length - 1]))}: from ${formatValue(values[0], unit)} to ${formatValue(values[values.length - 1], unit)}, between ${formatValue(min, unit)} and ${formatValue(max, unit)}${marked.length ? `; special cause in ${marked.length > 3 ? `${marked.length} months` : marked.join(', ')}` : ''}`;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <path d={path} fill="none" stroke="#56606B" strokeWidth="1.5" />
      {values.map((v, i) =>
        flagged[i] ? <path key={months[i]} d={`M${x(i)},${y(v) - 4} L${x(i) + 4},${y(v)} L${x(i)},${y(v) + 4} L${x(i) - 4},${y(v)} Z`} fill="#D55E00" stroke="#fff" strokeWidth="0.8" /> : null,
      )}
      <circle cx={x(values.length - 1)} cy={y(values[values.length - 1])} r="2.5" fill="#1f2328" />
    </svg>
  );
}
