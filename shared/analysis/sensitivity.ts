import type { Sensitivity } from './verdict';

/**
 * How often a stable KPI shows a special cause in a quarter by chance alone, for each sensitivity:
 * measured on seeded stable series (counts of 40, 400 and 4,000 a month, seasonal and not, 1,440 quarters)
 * by tests/unit/verdict.test.ts, which fails if the measurement drifts from these figures.
 */
export const FALSE_ALARM_RATES: Record<Sensitivity, number> = {
  standard: 0.08,
  conservative: 0.002,
};

export const SENSITIVITY_TEXT: Record<Sensitivity, { name: string; description: string }> = {
  standard: {
    name: 'Standard (Making Data Count)',
    description:
      'XmR limits at three sigma from the 24 months before the period, and Making Data Count’s four rules: a point beyond a limit, seven on one side of the average, seven rising or falling, two of three close to a limit. The convention the NHS and the Panel’s “within the expected control limits” use.',
  },
  conservative: {
    name: 'Conservative',
    description:
      'A month is a special cause only when it lies beyond four robust standard deviations (3.5 without seasons) of what the recent level and season lead one to expect, with a Poisson floor for counts. Steady trends are not flagged; use it where many breakdowns would make chance alarms costly.',
  },
};

/** "about 1 stable KPI in 12 a quarter" */
export function falseAlarmWords(sensitivity: Sensitivity): string {
  return `about 1 stable KPI in ${Math.round(1 / FALSE_ALARM_RATES[sensitivity]).toLocaleString('en-GB')} shows a special cause in a quarter by chance alone`;
}

/**
 * How many of `judged` stable series would show a special cause in a period of `months` by chance alone,
 * from the measured rate per quarter (a month's and a year's scaled from it), in one plain sentence.
 */
export function chanceWords(judged: number, months: number, sensitivity: Sensitivity): string {
  const rate = 1 - (1 - FALSE_ALARM_RATES[sensitivity]) ** (months / 3);
  const expected = judged * rate;
  const about = expected < 0.5 ? 'none' : `about ${Math.round(expected).toLocaleString('en-GB')}`;
  return `${judged.toLocaleString('en-GB')} series ${judged === 1 ? 'was' : 'were'} judged; at ${sensitivity} sensitivity ${about} of them would show a special cause by chance alone.`;
}
