import { financialYearOf, fyStart, monthKey, parseMonthKey, quarterOf } from '../domain/periods';
import { DEMO_FORCE_NAME, type DemoFigure } from './generateDemo';

/**
 * Fictional "most similar forces" for the demo workspace: quarterly recorded crime by offence group, in the
 * shape the Home Office tables by force are imported into, and a population for each area. The demo force's
 * own quarters add up to its monthly All Crime. No real force is named or described.
 */

export const DEMO_PEERS = ['Similar Force A', 'Similar Force B', 'Similar Force C', 'Similar Force D', 'Similar Force E', 'Similar Force F', 'Similar Force G'];

export const DEMO_POPULATIONS: Record<string, number> = {
  [DEMO_FORCE_NAME]: 1_090_000,
  'Similar Force A': 1_720_000,
  'Similar Force B': 1_190_000,
  'Similar Force C': 1_850_000,
  'Similar Force D': 670_000,
  'Similar Force E': 1_980_000,
  'Similar Force F': 1_160_000,
  'Similar Force G': 1_840_000,
};

/** Offence groups and their shares of all crime. */
const GROUPS: [string, number][] = [
  ['Violence against the person', 0.36],
  ['Theft offences', 0.3],
  ['Criminal damage and arson', 0.11],
  ['Public order offences', 0.1],
  ['Drug offences', 0.05],
  ['Sexual offences', 0.04],
  ['Robbery', 0.015],
  ['Possession of weapons offences', 0.015],
];

export interface DemoAreaFigure {
  area: string;
  quarterStart: string;
  category: string; // '' for all crime
  value: number;
}

/** Per-area rates differ from the demo force's by a fixed factor and by group, the same every time. */
const AREA_FACTORS = [1.12, 0.93, 1.04, 1.21, 0.97, 1.08, 0.99];

export function generateDemoPeers(monthly: readonly DemoFigure[]): DemoAreaFigure[] {
  const quarters = new Map<string, { total: number; months: number }>();
  for (const f of monthly) {
    if (f.kpiId !== 'all-crime' || f.dimension) continue;
    const m = parseMonthKey(f.month);
    const start = monthKey(fyStart(financialYearOf(m)) + (quarterOf(m) - 1) * 3);
    const q = quarters.get(start) ?? { total: 0, months: 0 };
    q.total += f.value;
    q.months++;
    quarters.set(start, q);
  }
  const out: DemoAreaFigure[] = [];
  const perHead = (area: string) => DEMO_POPULATIONS[area] / DEMO_POPULATIONS[DEMO_FORCE_NAME];
  for (const [quarterStart, { total, months }] of quarters) {
    if (months !== 3) continue;
    const wobble = (i: number, g: number) => 1 + 0.05 * Math.sin(parseMonthKey(quarterStart) / 3 + i * 1.7 + g * 0.9);
    [DEMO_FORCE_NAME, ...DEMO_PEERS].forEach((area, i) => {
      const areaTotal = i === 0 ? total : total * perHead(area) * AREA_FACTORS[i - 1];
      const parts = GROUPS.map(([, share], g) => Math.round(areaTotal * share * (i === 0 ? 1 : wobble(i, g))));
      if (i === 0) parts[0] += total - parts.reduce((a, b) => a + b, 0);
      out.push({ area, quarterStart, category: '', value: parts.reduce((a, b) => a + b, 0) });
      GROUPS.forEach(([group], g) => out.push({ area, quarterStart, category: group, value: parts[g] }));
    });
  }
  return out;
}
