import { describe, expect, it } from 'vitest';
import { CatalogueSchema } from '../../shared/domain/kpi';
import { catalogue, kpisById } from './helpers';

describe('the KPI catalogue', () => {
  // Every KPI ../shared/DOMAIN.md names under "KPIs named in the source reports", by catalogue id.
  const named = [
    'calls-999', 'calls-101', 'calls-999-answered-10s-rate', 'calls-101-not-answered-30s', 'calls-101-abandonment-rate',
    'calls-999-answer-time', 'calls-101-answer-time', 'calls-length', 'online-crime-reports',
    'incidents', 'incidents-grade-1', 'incidents-grade-2', 'incidents-grade-3', 'incidents-grade-4',
    'domestic-incidents-with-crime', 'domestic-incidents-without-crime', 'dvpo', 'clares-law',
    'missing-person-records', 'missing-person-individuals', 'asb-incidents',
    'all-crime', 'violence-with-injury', 'violence-without-injury', 'stalking-harassment', 'knife-crime', 'rape',
    'rape-historical-share', 'hate-crime', 'burglary', 'residential-burglary', 'drug-offences', 'cse-offences',
    'positive-outcomes', 'user-satisfaction', 'victim-satisfaction', 'asb-satisfaction', 'hate-crime-satisfaction',
    'violent-crime-satisfaction', 'public-confidence',
    'stop-searches', 'stop-search-positive-outcome-rate', 'stop-search-arrests', 'iom-offenders', 'mosovo-offenders',
    'polit-enforcements', 'prevent-referrals',
  ];

  it.each(named)('holds %s', (id) => {
    expect(kpisById.has(id)).toBe(true);
  });

  it('numbers the report headline rows as the source does', () => {
    expect(['calls-999', 'calls-101', 'incidents', 'all-crime', 'positive-outcomes', 'stop-searches'].map((id) => kpisById.get(id)!.number)).toEqual([
      '1.1', '1.2', '2.1', '3.1', '4.1', '5.1',
    ]);
  });

  it('knows the direction of good, the aggregation and the standard of the KPIs the reports discuss', () => {
    expect(kpisById.get('all-crime')!.direction).toBe('down');
    expect(kpisById.get('drug-offences')!.direction).toBe('neutral');
    expect(kpisById.get('calls-999-answered-10s-rate')!).toMatchObject({
      direction: 'up',
      unit: 'percent',
      aggregation: { type: 'ratio', numerator: 'calls-999-answered-10s', denominator: 'calls-999' },
      standard: { value: 90, comparison: 'at_least' },
    });
    expect(kpisById.get('calls-101-abandonment-rate')!.aggregation).toEqual({ type: 'ratio', numerator: 'calls-101-not-answered-30s', denominator: 'calls-101' });
    expect(kpisById.get('victim-satisfaction')!.aggregation).toEqual({ type: 'latest', rolling: true });
    expect(kpisById.get('iom-offenders')!.aggregation).toEqual({ type: 'latest' });
    expect(kpisById.get('missing-person-records')!.breakdowns).toEqual(['Age', 'Gender']);
    expect(kpisById.get('hate-crime')!.breakdowns).toEqual(['Strand']);
  });

  it('refuses a catalogue with a duplicate id, a KPI in the wrong section or a ratio of an unknown KPI', () => {
    const kpi = catalogue.kpis[0];
    const result = CatalogueSchema.safeParse({
      version: 1,
      kpis: [kpi, { ...kpi, number: '2.1' }, { ...kpi, id: 'x', number: '1.99', aggregation: { type: 'ratio', numerator: 'nope', denominator: kpi.id } }],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain(`duplicate KPI id "${kpi.id}"`);
    expect(messages).toContain('KPI 2.1 is not in section 1');
    expect(messages).toContain('KPI "x" refers to unknown KPI "nope"');
  });
});
