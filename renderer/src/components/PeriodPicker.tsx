import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PeriodOptions } from '../../../shared/api/workspaceSchemas';
import { formatFinancialYear, parsePeriod, type Period } from '../../../shared/domain/periods';

interface Props {
  options: Pick<PeriodOptions, 'quarters' | 'years'>;
  value: string;
  onChange: (period: string) => void;
}

/** A financial year's periods, newest first: its quarters, latest first, then the whole year. */
export function periodGroups(options: Pick<PeriodOptions, 'quarters' | 'years'>): { year: string; periods: { value: string; label: string }[] }[] {
  const fyOf = (text: string) => (parsePeriod(text) as Extract<Period, { fy: number }>).fy;
  const years = new Map<number, { value: string; label: string }[]>();
  const add = (fy: number, value: string, label: string) => years.set(fy, [...(years.get(fy) ?? []), { value, label }]);
  for (const q of [...options.quarters].reverse()) add(fyOf(q), q, q);
  for (const y of options.years) add(fyOf(y), y, `${y}, the whole year`);
  return [...years.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([fy, periods]) => ({ year: formatFinancialYear(fy), periods }));
}

/**
 * The period that typed text picks: the first whose label starts with it; the same letter typed again and
 * again steps through the periods starting with it, as a list does.
 */
export function typeAheadMatch(periods: { value: string; label: string }[], typed: string, current: string): string | undefined {
  const text = typed.toLowerCase();
  const repeated = text.length > 1 && [...text].every((c) => c === text[0]);
  const matches = periods.filter((p) => p.label.toLowerCase().startsWith(repeated ? text[0] : text));
  if (!repeated) return matches[0]?.value;
  if (!matches.length) return undefined;
  return matches[(matches.findIndex((p) => p.value === current) + 1) % matches.length].value;
}

/** How long typed letters keep adding to one search: longer than a browser's own second, for slower typists. */
const TYPE_AHEAD_MS = 2500;
/** How long after the last key the period typed is chosen. */
const TYPE_AHEAD_SETTLE_MS = 600;

/**
 * The period: quarters and financial years the data covers completely, grouped by financial year with the
 * latest complete quarter first. Typing the start of one ("Q1 2019") picks it, as in any list, but with
 * two and a half seconds between keys rather than the browser's one.
 */
export function PeriodPicker({ options, value, onChange }: Props) {
  const known = options.quarters.includes(value) || options.years.includes(value);
  const typed = useRef({ text: '', at: 0 });
  // The period being typed is shown at once and chosen when the typing pauses: every page would otherwise
  // reload its figures for "Q1 2026/27" on the way to "Q1 2019/20", and keep the next key waiting.
  const [pending, setPending] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const choose = (period: string | undefined) => {
    clearTimeout(timer.current);
    setPending(undefined);
    if (period && period !== value) onChange(period);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const typeAhead = (e: KeyboardEvent<HTMLSelectElement>) => {
    if (e.key === 'Enter' && pending) return choose(pending);
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
    const now = e.timeStamp;
    const searching = now - typed.current.at <= TYPE_AHEAD_MS ? typed.current.text : '';
    // A space starts nothing: on its own it opens the list, as it does on any select.
    if (e.key === ' ' && !searching) return;
    e.preventDefault();
    typed.current = { text: searching + e.key.toLowerCase(), at: now };
    const match = typeAheadMatch(periodGroups(options).flatMap((g) => g.periods), typed.current.text, pending ?? value);
    if (!match) return;
    setPending(match);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => choose(match), TYPE_AHEAD_SETTLE_MS);
  };
  return (
    <label className="period-picker">
      <span>Period</span>
      <select
        value={pending ?? value}
        onChange={(e) => choose(e.target.value)}
        onBlur={() => pending && choose(pending)}
        data-testid="period-select"
        aria-keyshortcuts="p"
        onKeyDown={typeAhead}
      >
        {!known && <option value={value}>{value}</option>}
        {periodGroups(options).map((g) => (
          <optgroup key={g.year} label={`Financial year ${g.year}`}>
            {g.periods.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
