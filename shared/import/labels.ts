import type { Kpi } from '../domain/kpi';

/**
 * Label matching: "1.1 Number of 999 Calls", "number of 999 calls", "Burglary - Residential" and
 * "Residential burglary" all find their KPI. Case, punctuation, surrounding spaces, a leading KPI number and
 * word order are ignored; "&" is "and".
 */
export function normaliseLabel(label: string): string {
  const words = label
    .toLowerCase()
    .replace(/^\s*\d{1,2}\.\d{1,2}\.?\s+/, '')
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  return words.sort().join(' ');
}

export class KpiMatcher {
  private readonly byLabel = new Map<string, string>();
  private readonly ids = new Set<string>();
  private readonly byNumber = new Map<string, string>();
  /** Files repeat their labels on every row; each distinct label is worked out once. */
  private readonly memo = new Map<string, string | undefined>();

  constructor(kpis: readonly Kpi[], extra: ReadonlyMap<string, string> = new Map()) {
    for (const kpi of kpis) {
      this.ids.add(kpi.id);
      this.byNumber.set(kpi.number, kpi.id);
      for (const label of [kpi.name, kpi.id.replace(/-/g, ' '), ...kpi.aliases]) {
        const key = normaliseLabel(label);
        if (key && !this.byLabel.has(key)) this.byLabel.set(key, kpi.id);
      }
    }
    for (const [label, kpiId] of extra) this.byLabel.set(normaliseLabel(label), kpiId);
  }

  /**
   * The KPI a label names, or undefined: by id ("calls-999"), by number alone ("1.1"), or by name or alias.
   * A number in front of a name is ignored, since forces number their tables differently.
   */
  match(label: string): string | undefined {
    if (this.memo.has(label)) return this.memo.get(label);
    const found = this.find(label);
    this.memo.set(label, found);
    return found;
  }

  private find(label: string): string | undefined {
    const text = label.trim();
    if (!text) return undefined;
    if (this.ids.has(text.toLowerCase())) return text.toLowerCase();
    const number = /^([1-5]\.\d+)\.?$/.exec(text)?.[1];
    if (number) return this.byNumber.get(number);
    return this.byLabel.get(normaliseLabel(text));
  }
}
