import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi, withApi } from '../checkedApi';
import { createSession } from '../../electron/backend/session';
import { openWorkspace } from '../../electron/backend/workspace';
import { DEFAULT_PEER_GROUP } from '../../shared/analysis/peers';
import { longCsv, type Row } from '../fixtures/spreadsheets';
import { cli } from './cliHarness';
import { suiteWorkspaces } from './workspaceFixtures';
import { renderChartSvg } from '../../electron/backend/report/charts';
import { spcChartOption } from '../../shared/charts/spcChart';
import { trendChartOption } from '../../shared/charts/trendChart';

const workspaces = suiteWorkspaces();

const json = async (...argv: string[]) => {
  const { status, out, err } = await cli(...argv);
  expect(err).toBe('');
  expect(status).toBe(0);
  return JSON.parse(out);
};


interface EventJson {
  kpiId: string;
  name: string;
  breakdown: string | null;
  category: string | null;
  from: string;
  to: string;
  month: string;
  rule: string;
  variation: string;
  direction: string;
  size: number;
  status: string;
}
interface VerdictJson {
  kpiId: string;
  breakdown: string | null;
  category: string | null;
  variation: string | null;
  assurance: string | null;
}

describe('workbench anomalies: events, not months', () => {
  it('lists the planted 101 outage of August 2023 first, concern first and largest first, with the fields scripts rely on', async () => {
    const events: EventJson[] = await json('anomalies', '--db', workspaces.demo(), '--period', 'Q2 2023/24', '--json');
    expect(events.slice(0, 3).map((e) => e.kpiId).sort()).toEqual(['calls-101-abandonment-rate', 'calls-101-answer-time', 'calls-101-not-answered-30s']);
    expect(events.find((e) => e.kpiId === 'calls-101-abandonment-rate')).toMatchObject({
      name: '101 Abandonment Rate',
      breakdown: null,
      category: null,
      from: '2023-08',
      to: '2023-08',
      month: '2023-08',
      rule: 'outside_limits',
      variation: 'special_concerning',
      direction: 'deteriorating',
      status: 'open',
    });
    // Concern first, then by size; one item per event however many months it spans.
    const rank = (e: EventJson) => (e.variation === 'special_concerning' ? 0 : e.variation === 'special_neither' ? 1 : 2);
    expect(events.map(rank)).toEqual([...events.map(rank)].sort((a, b) => a - b));
    const keys = events.map((e) => `${e.kpiId}|${e.breakdown}|${e.category}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('finds the other planted events, in breakdowns too, spanning months where they last', async () => {
    const q4 = await json('anomalies', '--db', workspaces.demo(), '--period', 'Q4 2018/19', '--json');
    expect(q4).toContainEqual(expect.objectContaining({ kpiId: 'hate-crime', breakdown: null, to: '2019-03', variation: 'special_neither' }));
    const q1 = await json('anomalies', '--db', workspaces.demo(), '--period', 'Q1 2019/20', '--json');
    expect(q1).toContainEqual(expect.objectContaining({ kpiId: 'drug-offences', breakdown: 'Operation', category: 'Dedicated operation', from: '2019-04', to: '2019-06', month: '2019-05', variation: 'special_neither' }));
    const stalking = await json('anomalies', '--db', workspaces.demo(), '--period', 'Q1 2018/19', '--json');
    const rising = stalking.find((e: EventJson) => e.kpiId === 'stalking-harassment' && e.breakdown === null);
    expect(rising).toMatchObject({ to: '2018-06', variation: 'special_concerning', direction: 'deteriorating' });
    expect(rising.from <= '2018-04').toBe(true);
  });

  it('prints a readable list in plain words, with the step changes to decide, and says which series it could not judge', async () => {
    const { status, out } = await cli('anomalies', '--db', workspaces.demo(), '--period', 'Q2 2023/24');
    expect(status).toBe(0);
    expect(out).toMatch(/^Events, Quarter 2 2023\/24 \(July 2023 – September 2023\): \d+ \(\d+ series judged, standard sensitivity\)/);
    expect(out).toMatch(/2023-08 +101 Abandonment Rate +above its usual range in August 2023 +special cause, concerning +41\.0% against 20\.\d% +to review/);
    expect(out).toContain('A step change from 2019-04? 101 Abandonment Rate: 11.4% → 20.6% (workbench steps --accept calls-101-abandonment-rate --month 2019-04, or --dismiss).');
    expect(out).toContain('series not judged (e.g. User Satisfaction: a 12-month rolling figure');
  });
});

describe('one verdict, the same in the table, the verdicts command and the inbox', () => {
  it.each(['Q2 2023/24', 'Q1 2019/20'])('%s: a special cause in a row’s months is an event in the inbox, and common cause is none', async (period) => {
    const verdicts: VerdictJson[] = await json('verdicts', '--db', workspaces.demo(), '--period', period, '--json');
    const events: EventJson[] = await json('anomalies', '--db', workspaces.demo(), '--period', period, '--all', '--json');
    const table = await json('table', '--db', workspaces.demo(), '--period', period, '--json');
    expect(verdicts.length).toBe(table.length);
    for (const v of verdicts) {
      const row = table.find((r: VerdictJson) => r.kpiId === v.kpiId && r.breakdown === v.breakdown && r.category === v.category);
      expect(row.verdict.variation, v.kpiId).toBe(v.variation);
      const own = events.filter((e) => e.kpiId === v.kpiId && e.breakdown === v.breakdown && e.category === v.category);
      if (v.variation === null || v.variation === 'common_cause') expect(own, `${v.kpiId} ${v.category}`).toEqual([]);
      else expect(own.map((e) => e.variation), `${v.kpiId} ${v.category}`).toContain(v.variation);
    }
    expect(verdicts.find((v) => v.kpiId === 'calls-999-answered-10s-rate' && v.breakdown === null)?.assurance).toMatch(/^(meets|fails|hit_and_miss)$/);
  });
});

describe('step changes: proposed, accepted, dismissed', () => {
  it('proposes the demo force’s April 2019 step in 101 abandonment, and none for its seasonal or steady series', async () => {
    const steps = await json('steps', '--db', workspaces.demo(), '--json');
    const abandonment = steps.find((s: { kpiId: string }) => s.kpiId === 'calls-101-abandonment-rate');
    expect(abandonment).toMatchObject({ month: '2019-04', status: 'proposed' });
    expect(abandonment.before).toBeCloseTo(11.2, 0);
    expect(abandonment.after).toBeCloseTo(20.1, 0);
    const proposed = new Set(steps.map((s: { kpiId: string }) => s.kpiId));
    for (const steady of ['calls-999', 'incidents', 'burglary', 'residential-burglary', 'asb-incidents', 'knife-crime', 'missing-person-records', 'dvpo', 'cse-offences', 'calls-length']) {
      expect(proposed.has(steady), steady).toBe(false);
    }
  });

  it('accepting one starts the limits again there, with an annotation; a dismissed one does not come back', async () => {
    const file = workspaces.demoCopy('steps');
    const verdictAt = async (period: string) =>
      ((await json('verdicts', '--db', file, '--period', period, '--json')) as VerdictJson[]).find((v) => v.kpiId === 'calls-101-abandonment-rate' && v.breakdown === null)!.variation;
    // Before: limits from the two years before Q2 2020/21 span the April 2019 step, so the months since look special.
    expect(await verdictAt('Q2 2020/21')).toBe('special_concerning');
    const accepted = await cli('steps', '--db', file, '--accept', '101 abandonment rate', '--month', '2019-04', '--category', 'recording practice', '--text', 'New telephony platform counts abandoned calls from 30 seconds');
    expect(accepted).toMatchObject({ status: 0, out: '101 Abandonment Rate: the step change from 2019-04 is accepted; limits and verdicts start again there.\n' });
    expect(await verdictAt('Q2 2020/21')).toBe('common_cause');
    // Within a year of the step, the step itself is the verdict.
    expect(await verdictAt('Q1 2019/20')).toBe('special_concerning');
    const annotations = await json('annotations', '--db', file, '--kpi', 'calls-101-abandonment-rate', '--json');
    expect(annotations[0]).toMatchObject({ from: '2019-04', category: 'recording_practice', text: 'New telephony platform counts abandoned calls from 30 seconds' });
    const steps = await json('steps', '--db', file, '--kpi', 'calls-101-abandonment-rate', '--json');
    expect(steps).toEqual([expect.objectContaining({ month: '2019-04', status: 'accepted' })]);

    expect((await cli('steps', '--db', file, '--dismiss', 'drug offences', '--month', '2019-04', '--reason', 'The operation ended; the level is not lasting')).status).toBe(0);
    const drugs: { month: string; status: string }[] = await json('steps', '--db', file, '--kpi', 'drug-offences', '--json');
    expect(drugs).toContainEqual(expect.objectContaining({ month: '2019-04', status: 'dismissed', reason: 'The operation ended; the level is not lasting' }));
    // Not proposed again near where it was dismissed (another, later change may be).
    const months = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5));
    expect(drugs.filter((d) => d.status === 'proposed').every((d) => Math.abs(months(d.month) - months('2019-04')) > 6)).toBe(true);
    const { out } = await cli('anomalies', '--db', file, '--period', 'Q2 2023/24');
    expect(out).not.toContain('A step change from 2019-04? Drug Offences');
    expect(out).not.toContain('A step change from 2019-04? 101 Abandonment Rate');
  });
});

describe('explaining and dismissing flagged figures', () => {
  it('keeps the explanation as an annotation and the decision in the workspace, and can reopen it', async () => {
    const file = workspaces.demoCopy('review');
    await withApi(file, async (api) => {
      const figure = { kpiId: 'calls-101-abandonment-rate', dimension: '', category: '', month: '2023-08' };
      const { annotation } = await api['anomalies.explain']({
        figure,
        rule: 'outside_limits',
        annotation: { scope: 'kpis', kpiIds: ['calls-101-abandonment-rate', 'calls-101-not-answered-30s'], from: '2023-08', to: '2023-08', category: 'data_quality', text: 'Telephony outage' },
      });
      await api['anomalies.dismiss']({ figure: { ...figure, kpiId: 'calls-101-answer-time' }, rule: 'outside_limits', reason: 'Follows the outage' });
      const inbox = await api['anomalies.list']({ period: 'Q2 2023/24' });
      const byKpi = new Map(inbox.events.filter((e) => e.breakdown === null).map((e) => [e.kpiId, e.review]));
      expect(byKpi.get('calls-101-abandonment-rate')).toMatchObject({ status: 'explained', annotationId: annotation.id, reason: '' });
      expect(byKpi.get('calls-101-answer-time')).toMatchObject({ status: 'dismissed', reason: 'Follows the outage', annotationId: null });
      expect(byKpi.get('calls-101-not-answered-30s')).toBeNull();
      expect(await api['anomalies.reopen']({ figure })).toEqual({ reopened: true });
      const again = await api['anomalies.list']({ period: 'Q2 2023/24' });
      expect(again.events.find((e) => e.kpiId === 'calls-101-abandonment-rate')!.review).toBeNull();
      // The annotation written to explain it stays.
      expect(await api['annotations.list']({ includeDeleted: false })).toHaveLength(1);
    });
  });

  it('refuses a dismissal without a reason, through the same door the app uses', async () => {
    const file = workspaces.demoCopy('refuse');
    const { dispatch } = await import('../../electron/backend/dispatch');
    const session = createSession(openWorkspace(file));
    const envelope = await dispatch(createApi(session), 'anomalies.dismiss', { figure: { kpiId: 'calls-999', month: '2023-08' }, rule: 'level', reason: '  ' });
    session.close();
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad_arguments', message: expect.stringContaining('say why it needs no explanation') } });
  });
});

describe('annotations', () => {
  it('are added from the command line on one KPI, several or all, listed, searched and kept with their history', async () => {
    const file = workspaces.demoCopy('notes');
    const one = await cli('annotate', '--db', file, '--kpi', 'Hate crime', '--month', '2019-03', '--category', 'external event', '--text', 'Peak after the attack in Christchurch on 15 March 2019');
    expect(one).toMatchObject({ status: 0, err: '' });
    expect(one.out).toMatch(/^Annotation 1 added: 2019-03, hate-crime, External event\.\n$/);
    await cli('annotate', '--db', file, '--kpi', 'all', '--month', '2018-04', '--to', '2018-06', '--category', 'recording practice', '--text', 'Stalking and harassment recorded separately');
    await cli('annotate', '--db', file, '--kpi', '3.12', '--kpi', 'stop-searches', '--month', '2019-05', '--category', 'operational', '--text', 'Operation Lionheart');
    const list = await json('annotations', '--db', file, '--json');
    expect(list.map((a: { id: number; scope: string; kpiIds: string[]; from: string; to: string; category: string }) => [a.id, a.scope, a.kpiIds, a.from, a.to, a.category])).toEqual([
      [3, 'kpis', ['drug-offences', 'stop-searches'], '2019-05', '2019-05', 'operational'],
      [1, 'kpis', ['hate-crime'], '2019-03', '2019-03', 'external_event'],
      [2, 'all', [], '2018-04', '2018-06', 'recording_practice'],
    ]);
    expect((await json('annotations', '--db', file, '--search', 'lionheart', '--json')).map((a: { id: number }) => a.id)).toEqual([3]);
    expect((await json('annotations', '--db', file, '--kpi', 'stalking and harassment', '--json')).map((a: { id: number }) => a.id)).toEqual([2]);

    await withApi(file, async (api) => {
      await api['annotations.update']({ id: 1, fields: { scope: 'kpis', kpiIds: ['hate-crime'], from: '2019-03', to: '2019-04', category: 'external_event', text: 'Peak after 15 March 2019' } });
      await api['annotations.delete']({ id: 1 });
      expect(((await api['annotations.list']({ includeDeleted: false })) as unknown[]).length).toBe(2);
      await api['annotations.restore']({ id: 1 });
      const history = await api['annotations.history']({ id: 1 }) as { action: string; fields: { text: string; to: string } }[];
      expect(history.map((h) => [h.action, h.fields.text, h.fields.to])).toEqual([
        ['created', 'Peak after the attack in Christchurch on 15 March 2019', '2019-03'],
        ['edited', 'Peak after 15 March 2019', '2019-04'],
        ['deleted', 'Peak after 15 March 2019', '2019-04'],
        ['restored', 'Peak after 15 March 2019', '2019-04'],
      ]);
      // Drawn on the charts they apply to: the trend of 2018/19 carries the hate crime note and the one on every KPI.
      const trend = await api['series.trend']({ kpiId: 'hate-crime', period: 'Q4 2018/19' }) as { annotations: { id: number }[] };
      expect(trend.annotations.map((a) => a.id).sort()).toEqual([1, 2]);
    });
  });

  it('says clearly what is wrong with an annotation, and writes nothing', async () => {
    const file = workspaces.demoCopy('bad-notes');
    expect(await cli('annotate', '--db', file, '--kpi', 'hate crime', '--month', '2019-03', '--category', 'weather', '--text', 'x')).toMatchObject({
      status: 2,
      err: 'workbench: --category is one of operational, recording_practice, external_event, data_quality, other, not "weather".\n',
    });
    expect(await cli('annotate', '--db', file, '--kpi', 'hate crime', '--month', 'March 2019', '--category', 'other', '--text', 'x')).toMatchObject({
      status: 2,
      err: 'workbench: --month is a month written YYYY-MM, e.g. 2023-08, not "March 2019".\n',
    });
    expect(await cli('annotate', '--db', file, '--kpi', 'unicorns', '--month', '2019-03', '--category', 'other', '--text', 'x')).toMatchObject({
      status: 2,
      err: 'workbench: --kpi: there is no KPI "unicorns". `workbench kpis` lists them.\n',
    });
    const backwards = await cli('annotate', '--db', file, '--kpi', 'hate crime', '--month', '2019-05', '--to', '2019-03', '--category', 'other', '--text', 'x');
    expect(backwards.status).toBe(2);
    expect(backwards.err).toContain('the range ends before it starts');
    expect(await json('annotations', '--db', file, '--json')).toEqual([]);
  });
});

/** Every text of an SVG chart as ECharts draws it, as a box in pixels (12 px text, about 7 px a character). */
function textBoxes(svg: string): { text: string; left: number; right: number; top: number; bottom: number }[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attrs, text]) => {
    const [x, y] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(attrs)!.slice(1).map(Number);
    const dy = Number(/\sy="([-\d.]+)"/.exec(attrs)?.[1] ?? 0);
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start';
    const width = text.length * 7;
    const left = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    return { text, left, right: left + width, top: y + dy - 7, bottom: y + dy + 7 };
  });
}

describe('annotations on charts', () => {
  it('never draws an annotation’s label over another label: neighbours in adjacent months, a range and the period’s own label', async () => {
    const file = workspaces.demoCopy('crowded-notes');
    await withApi(file, async (api) => {
      const note = (from: string, to: string, text: string) => api['annotations.create']({ scope: 'kpis', kpiIds: ['all-crime'], from, to, category: 'operational', text });
      await note('2019-06', '2019-06', 'June');
      await note('2019-05', '2019-05', 'May');
      await note('2019-04', '2019-06', 'The quarter');
      await note('2018-07', '2018-08', 'Summer');
      const spc = renderChartSvg(spcChartOption(await api['series.spc']({ kpiId: 'all-crime', period: 'Q1 2019/20' }), { animation: false }));
      const trend = renderChartSvg(trendChartOption(await api['series.trend']({ kpiId: 'all-crime', period: 'Q1 2019/20' }), { animation: false }));
      for (const [name, chart, labels] of [['control chart', spc, ['A1', 'A2', 'A3', 'A4']], ['trend', trend, ['A1', 'A2', 'A3']]] as const) {
        const boxes = textBoxes(chart.svg);
        expect(boxes.map((b) => b.text).filter((t) => /^A\d$/.test(t)).sort(), name).toEqual(labels);
        if (name === 'control chart') expect(boxes.map((b) => b.text)).toContain('Q1 2019/20');
        for (const a of boxes.filter((b) => /^A\d$/.test(b.text))) {
          for (const other of boxes.filter((b) => b !== a)) {
            const overlap = a.left < other.right && other.left < a.right && a.top < other.bottom && other.top < a.bottom;
            expect(overlap, `${name}: ${a.text} over ${other.text}`).toBe(false);
          }
        }
      }
    });
  });
});

describe('the control chart of a KPI', () => {
  it('draws what the verdict judged: limits from the 24 months before the period, on seasonally adjusted figures for a seasonal series', async () => {
    await withApi(workspaces.demo(), async (api) => {
      const view = await api['series.spc']({ kpiId: 'calls-999', period: 'Q1 2019/20' });
      expect(view.seasonal?.seasonal).toBe(true);
      expect(view.notes[0]).toMatch(/^Number of 999 Calls is seasonal \(its months differ more than chance would make them; seasonal strength 0\.\d\d\): it is judged on seasonally adjusted figures/);
      const limited = view.points.filter((p) => p.upper !== null);
      expect(limited[0].month).toBe('2017-04');
      expect(limited.at(-1)!.month).toBe('2019-06');
      // Seasonal limits: higher in July than in January.
      expect(limited.find((p) => p.month === '2018-07')!.upper!).toBeGreaterThan(limited.find((p) => p.month === '2018-01')!.upper! * 1.1);
      expect(view.points.filter((p) => p.inPeriod).map((p) => p.month)).toEqual(['2019-04', '2019-05', '2019-06']);
    });
  });

  it('says whether 999 answering can meet its 90% standard, from the limits drawn', async () => {
    await withApi(workspaces.demo(), async (api) => {
      const view = await api['series.spc']({ kpiId: 'calls-999-answered-10s-rate', period: 'Q1 2019/20' });
      const last = view.points.at(-1)!;
      const assurance = last.lower! >= 90 ? 'meets' : last.upper! < 90 ? 'fails' : 'hit_and_miss';
      expect(view.verdict.assurance).toBe(assurance);
      expect(view.standard).toContain('90%');
    });
  });
});

describe('peer comparison', () => {
  const groups = ['Violence against the person', 'Robbery'];
  const offences: Record<string, [number, number]> = {
    Leicestershire: [9000, 120],
    Sussex: [12000, 150],
    Hertfordshire: [8500, 120],
    Essex: [13000, 260],
    Bedfordshire: [6000, 140],
    Hampshire: [15000, 200],
    Nottinghamshire: [10500, 230],
    Kent: [16000, 240],
  };
  const populations: Record<string, number> = {
    Leicestershire: 1_100_000,
    Sussex: 1_700_000,
    Hertfordshire: 1_180_000,
    Essex: 1_830_000,
    Bedfordshire: 670_000,
    Hampshire: 1_990_000,
    Nottinghamshire: 1_160_000,
    Kent: 1_850_000,
  };
  let file: string;

  beforeAll(async () => {
    file = path.join(workspaces.dir(), 'peers.sqlite');
    await cli('new', '--db', file);
    const rows: Row[] = [['Financial Year', 'Financial Quarter', 'Force Name', 'Offence Group', 'Number of Offences']];
    for (const [force, values] of Object.entries(offences)) groups.forEach((g, i) => rows.push(['2019/20', 1, force, g, values[i]]));
    rows.push(['2019/20', 2, 'Leicestershire', 'Robbery', 130]);
    const csv = longCsv(path.join(workspaces.dir(), 'prc-pfa.csv'), rows);
    expect((await cli('import', csv, '--db', file)).status).toBe(0);
  });

  it('ranks the force among DOMAIN.md’s Most Similar Forces by offences, fewest first, while populations are unknown', async () => {
    const result = await json('peers', '--db', file, '--period', 'Q1 2019/20', '--offence', 'robbery', '--json');
    expect(result.force).toBe('Leicestershire');
    expect(result.rankedBy).toBe('offences');
    expect(result.rows.map((r: { area: string; rank: number }) => [r.area, r.rank])).toEqual([
      ['Hertfordshire', 1],
      ['Leicestershire', 1],
      ['Bedfordshire', 3],
      ['Sussex', 4],
      ['Hampshire', 5],
      ['Nottinghamshire', 6],
      ['Kent', 7],
      ['Essex', 8],
    ]);
    expect(result.statement).toBe(
      'Leicestershire ranks 1 of 8 in its Most Similar Forces group for Robbery in Q1 2019/20 (120 offences), ranked by number of offences; rank 1 is the fewest.',
    );
    expect(result.missingPopulations).toEqual(['Leicestershire', ...DEFAULT_PEER_GROUP.peers]);
  });

  it('ranks by offences per 1,000 population once every population is entered, and leaves out forces without a figure', async () => {
    for (const [area, population] of Object.entries(populations)) {
      expect((await cli('population', '--db', file, '--area', area, '--value', String(population), '--as-of', 'mid-2019', '--source', 'ONS')).status).toBe(0);
    }
    const result = await json('peers', '--db', file, '--period', 'Q1 2019/20', '--offence', 'Violence against the person', '--json');
    expect(result.rankedBy).toBe('per_1000');
    const per1000 = Object.fromEntries(Object.entries(offences).map(([f, v]) => [f, (1000 * v[0]) / populations[f]]));
    const expectedOrder = Object.keys(per1000).sort((a, b) => per1000[a] - per1000[b]);
    expect(result.rows.map((r: { area: string }) => r.area)).toEqual(expectedOrder);
    expect(result.rows.find((r: { area: string }) => r.area === 'Kent').per1000).toBeCloseTo(16000 / 1850, 9);
    expect(result.statement).toContain(`ranks ${expectedOrder.indexOf('Leicestershire') + 1} of 8`);
    expect(result.statement).toContain('ranked by offences per 1,000 population; rank 1 is the fewest');
    // Only Leicestershire has a Q2: the others have no figure and no rank.
    const q2 = await json('peers', '--db', file, '--period', 'Q2 2019/20', '--offence', 'Robbery', '--json');
    expect(q2.rows[0]).toMatchObject({ area: 'Leicestershire', rank: 1, offences: 130 });
    expect(q2.missingFigures).toEqual(DEFAULT_PEER_GROUP.peers);
  });

  it('takes an edited group, and refuses an offence group the tables do not have, naming those they do', async () => {
    expect((await cli('peer-group', '--db', file, '--force', 'Leicestershire', '--peers', 'Kent, Essex')).out).toBe("Leicestershire's Most Similar Forces: Kent, Essex\n");
    const result = await json('peers', '--db', file, '--period', 'Q1 2019/20', '--offence', 'Robbery', '--json');
    expect(result.rows.map((r: { area: string }) => r.area)).toEqual(['Leicestershire', 'Kent', 'Essex']);
    const unknown = await cli('peers', '--db', file, '--period', 'Q1 2019/20', '--offence', 'Arson');
    expect(unknown).toMatchObject({ status: 2, err: 'workbench: No offence group "Arson" in the tables by force. They hold: All crime; Robbery; Violence against the person.\n' });
  });
});
