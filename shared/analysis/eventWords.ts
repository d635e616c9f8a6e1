import type { Unit } from '../domain/kpi';
import { formatValue } from '../domain/format';
import { formatMonth } from '../domain/periods';
import { VERDICT_RULES, type VerdictEvent } from './verdict';

/**
 * An event in plain words, with the statistics as a separate detail: "above its usual range since April
 * 2019, 3 months", then "peak August 2023: 41.0% against 20.5% (limits 17.1% to 23.9%), 7.1 sigma; …".
 */
export function eventSummary(event: VerdictEvent, periodLastMonth: number): string {
  // Said from when the event's highest-ranked rule applies, as the chart marks it ("above its usual range
  // since April 2019"); the months before, flagged by a lesser rule, are said after it.
  const lead = ruleWords(event.rules[0], event.side === 'high', spanWords(event.ruleFrom, event.to, periodLastMonth));
  if (event.ruleFrom === event.from) return lead;
  const earlier = event.rules.find((r) => r !== event.rules[0]);
  return earlier ? `${lead}, after ${ruleWords(earlier, event.side === 'high', `from ${formatMonth(event.from)}`)}` : lead;
}

/**
 * The event as a sentence of the report: "It has been above its usual range since April 2019 (3 months)."
 * An event still running at the period's end "has been"; one that ended, or a single month, "was".
 */
export function eventSentence(event: VerdictEvent, periodLastMonth: number): string {
  const ongoing = event.to === periodLastMonth && event.to > event.ruleFrom;
  const lead = `It ${ongoing ? 'has been' : 'was'} ${ruleWords(event.rules[0], event.side === 'high', spanWords(event.ruleFrom, event.to, periodLastMonth, true))}`;
  const earlier = event.ruleFrom === event.from ? undefined : event.rules.find((r) => r !== event.rules[0]);
  if (!earlier) return `${lead}.`;
  const before = ruleWords(earlier, event.side === 'high', `from ${formatMonth(event.from)}`);
  return `${lead}, after ${/^(rising|falling)\b/.test(before) ? before : `being ${before}`}.`;
}

/** "since April 2019, 3 months" in a summary; "since April 2019 (3 months)" in a sentence. */
function spanWords(from: number, to: number, periodLastMonth: number, inSentence = false): string {
  const months = to - from + 1;
  if (months === 1) return `in ${formatMonth(from)}`;
  const count = inSentence ? ` (${months} months)` : `, ${months} months`;
  return to === periodLastMonth ? `since ${formatMonth(from)}${count}` : `from ${formatMonth(from)} to ${formatMonth(to)}${count}`;
}

function ruleWords(rule: VerdictEvent['rules'][number], high: boolean, when: string): string {
  switch (rule) {
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
