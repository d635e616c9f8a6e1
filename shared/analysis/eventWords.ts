import type { Unit } from '../domain/kpi';
import { formatValue } from '../domain/format';
import { formatMonth } from '../domain/periods';
import { VERDICT_RULES, type VerdictEvent } from './verdict';

/**
 * An event in plain words, with the statistics as a separate detail: "above its usual range since April
 * 2019, 3 months", then "peak August 2023: 41.0% against 20.5% (limits 17.1% to 23.9%), 7.1 sigma; …".
 */
export function eventSummary(event: VerdictEvent, periodLastMonth: number): string {
  const when =
    event.months === 1
      ? `in ${formatMonth(event.from)}`
      : event.to === periodLastMonth
        ? `since ${formatMonth(event.from)}, ${event.months} months`
        : `from ${formatMonth(event.from)} to ${formatMonth(event.to)}, ${event.months} months`;
  const high = event.side === 'high';
  switch (event.rules[0]) {
    case 'step':
      return `at a new, ${high ? 'higher' : 'lower'} level ${when} (an accepted step change)`;
    case 'trend':
      return `${high ? 'rising' : 'falling'} month on month ${when}`;
    case 'two_of_three':
      return `close to the ${high ? 'top' : 'bottom'} of its usual range ${when}`;
    case 'shift':
      return `${high ? 'above' : 'below'} its average ${when}`;
    case 'beyond_usual_range':
      return `${high ? 'higher' : 'lower'} than the recent level and season lead one to expect ${when}`;
    default:
      return `${high ? 'above' : 'below'} its usual range ${when}`;
  }
}

export function eventDetail(event: VerdictEvent, unit: Unit): string {
  const p = event.peak;
  const limits = p.lower !== null && p.upper !== null ? ` (limits ${formatValue(p.lower, unit)} to ${formatValue(p.upper, unit)})` : '';
  const against = p.centre !== null ? ` against ${formatValue(p.centre, unit)}${limits}` : '';
  const rules = event.rules.map((r) => VERDICT_RULES[r].detail).join('; ');
  return `Furthest in ${formatMonth(p.month)}: ${formatValue(p.value, unit)}${against}, ${p.size.toFixed(1)} sigma from the centre. Rules: ${rules}.`;
}
