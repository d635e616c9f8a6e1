import type { PeriodOptions } from '../../../shared/api/contract';

interface Props {
  options: PeriodOptions;
  value: string;
  onChange: (period: string) => void;
}

/** Quarter or financial year; the list holds only periods the data covers completely. */
export function PeriodPicker({ options, value, onChange }: Props) {
  const known = options.quarters.includes(value) || options.years.includes(value);
  return (
    <label className="period-picker">
      <span>Period</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="period-select">
        {!known && <option value={value}>{value}</option>}
        <optgroup label="Quarters">
          {options.quarters.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </optgroup>
        <optgroup label="Financial years">
          {options.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}
