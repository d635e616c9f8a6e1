import type { Step } from '../api/analysisSchemas';
import { formatMonth, parseMonthKey } from '../domain/periods';

/**
 * A step change in words, the same in the app and on the command line: a proposal as the question it is,
 * with levels that are true of the months; a level too recent to propose as the months it still needs.
 */
export function stepQuestion(step: Pick<Step, 'month' | 'status' | 'monthsSoFar' | 'monthsNeeded'>): string {
  const month = formatMonth(parseMonthKey(step.month));
  return step.status === 'emerging' ? `A new level since ${month}?` : `A step change from ${month}?`;
}

/** What the series did: "moved from about 8.2% to about 20.1%, and has stayed there". */
export function stepStatement(step: Pick<Step, 'status' | 'display' | 'monthsSoFar' | 'monthsNeeded'>): string {
  if (step.status === 'emerging') {
    const n = step.monthsSoFar ?? 0;
    return `at about ${step.display.after} (from about ${step.display.before}) for ${n} month${n === 1 ? '' : 's'}: ${n} of the ${step.monthsNeeded} months needed to tell a step from a spike`;
  }
  return `moved from about ${step.display.before} to about ${step.display.after} (the medians either side), and has stayed there`;
}
