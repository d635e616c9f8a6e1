import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Api } from '../../shared/api/contract';
import { createApi } from '../checkedApi';
import { dispatch } from '../../electron/backend/dispatch';
import { createSession, type Session } from '../../electron/backend/session';
import { openWorkspace } from '../../electron/backend/workspace';
import { Q1_ROWS } from '../fixtures/sourceReport';
import { sourceReportWorkspace, suiteWorkspaces } from './workspaceFixtures';

const workspaces = suiteWorkspaces();
let session: Session;
let api: Api;

beforeAll(() => {
  session = createSession(openWorkspace(workspaces.demo()));
  api = createApi(session);
});
afterAll(() => session.close());

describe('the backend on a demo workspace', () => {
  it('describes the workspace as demo data', async () => {
    const info = contract['workspace.info'].result.parse(await api['workspace.info']({}));
    expect(info).toMatchObject({ isDemo: true, name: 'Demo Force (fictional data)', firstMonth: '2014-04', lastMonth: '2026-09' });
    expect(info.observationCount).toBeGreaterThan(10000);
  });

  it('offers complete quarters and years, and defaults to the latest complete quarter', async () => {
    const options = await api['periods.options']({});
    expect(options.defaultPeriod).toBe('Q2 2026/27');
    expect(options.quarters[0]).toBe('Q2 2026/27');
    expect(options.quarters.at(-1)).toBe('Q1 2014/15');
    expect(options.years[0]).toBe('2025/26');
    expect(options.years.at(-1)).toBe('2014/15');
  });

  it('builds a section table whose figures are the sums of the stored months', async () => {
    const table = contract['table.get'].result.parse(await api['table.get']({ period: 'Q1 2019/20', section: 1, scope: 'all' }));
    expect(table).toMatchObject({ period: 'Q1 2019/20', previousPeriod: 'Q1 2018/19', headers: { current: 'Q1 19/20', previous: 'Q1 18/19' }, isDemo: true });
    const { db } = session.current();
    const sum = (months: string[]) =>
      (db.prepare(`SELECT sum(value) AS s FROM observations WHERE kpi_id = 'calls-999' AND dimension = '' AND period_start IN (${months.map(() => '?').join(',')})`).get(...months) as { s: number }).s;
    const row = table.rows.find((r) => r.kpiId === 'calls-999')!;
    expect(row.current).toBe(sum(['2019-04', '2019-05', '2019-06']));
    expect(row.previous).toBe(sum(['2018-04', '2018-05', '2018-06']));
    expect(table.rows.every((r) => r.section === 1)).toBe(true);
  });

  it('gives the trend of a KPI by financial-year month, this year and last', async () => {
    const trend = contract['series.trend'].result.parse(await api['series.trend']({ kpiId: 'calls-999', period: 'Q1 2019/20' }));
    expect(trend.months[0]).toBe('Apr');
    expect(trend.months[11]).toBe('Mar');
    expect(trend.thisYear.label).toBe('2019/20');
    expect(trend.lastYear.label).toBe('2018/19');
    const { db } = session.current();
    const april2019 = db.prepare("SELECT value FROM observations WHERE kpi_id = 'calls-999' AND dimension = '' AND period_start = '2019-04'").get() as { value: number };
    expect(trend.thisYear.values[0]).toBe(april2019.value);
  });

  it('gives the full history with the provenance of each figure, and derives rates from their parts', async () => {
    const history = contract['series.history'].result.parse(await api['series.history']({ kpiId: 'calls-999' }));
    expect(history.points).toHaveLength(150);
    expect(history.points[0]).toMatchObject({ month: '2014-04', provenance: { source: 'Demo data (fictional force)', file: 'demo generator' } });
    const rate = await api['series.history']({ kpiId: 'calls-101-abandonment-rate' });
    const aug = rate.points.find((p) => p.month === '2023-08')!;
    expect(aug.value).toBeGreaterThan(38);
    expect(aug.provenance.source).toBe('Calculated from 101 Calls Not Answered within 30 Seconds and Number of 101 Calls');
    const breakdown = await api['series.history']({ kpiId: 'missing-person-records', dimension: 'Gender', category: 'Male' });
    expect(breakdown.points.length).toBe(150);
    expect(breakdown.breakdowns.map((b) => `${b.dimension}: ${b.category}`)).toEqual(['Age: 0-17', 'Age: Over 18', 'Gender: Male', 'Gender: Female', 'Gender: Unspecified']);
  });
});

describe('errors come back as values with a message for the user', () => {
  it('refuses unknown methods, bad arguments, bad periods and unknown KPIs', async () => {
    expect(await dispatch(api, 'nope', {})).toEqual({ ok: false, error: { code: 'bad_arguments', message: 'Unknown method "nope".' } });
    const badArgs = await dispatch(api, 'table.get', { section: 9 });
    expect(badArgs).toMatchObject({ ok: false, error: { code: 'bad_arguments' } });
    const badPeriod = await dispatch(api, 'table.get', { period: 'Q7 2019/20' });
    expect(badPeriod).toMatchObject({ ok: false, error: { code: 'bad_period', message: expect.stringContaining('"Q7 2019/20" is not a period') } });
    const unknown = await dispatch(api, 'series.trend', { kpiId: 'nope', period: 'Q1 2019/20' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('turns a defect into a short message and logs the detail', async () => {
    const logged: unknown[] = [];
    const broken = { ...api, 'kpis.list': () => { throw new TypeError('boom'); } } as Api;
    const envelope = await dispatch(broken, 'kpis.list', {}, { log: (_m, e) => logged.push(e) });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('boom') } });
    expect(logged[0]).toBeInstanceOf(TypeError);
  });
});

describe('switching workspaces', () => {
  it('creates an empty workspace, opens another, and stays put when opening fails', async () => {
    const own = createSession(openWorkspace(path.join(workspaces.dir(), 'first.sqlite'), { create: true }));
    const ownApi = createApi(own);
    const empty = await ownApi['workspace.create']({ path: path.join(workspaces.dir(), 'empty.sqlite'), demo: false });
    expect(empty).toMatchObject({ isDemo: false, observationCount: 0, firstMonth: null });
    expect(await ownApi['periods.options']({})).toEqual({ defaultPeriod: null, quarters: [], years: [] });
    expect(await dispatch(ownApi, 'table.get', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const source = sourceReportWorkspace(workspaces.dir());
    const opened = await ownApi['workspace.open']({ path: source });
    expect(opened.path).toBe(source);
    const failed = await dispatch(ownApi, 'workspace.open', { path: path.join(workspaces.dir(), 'missing.sqlite') });
    expect(failed).toMatchObject({ ok: false, error: { code: 'file_missing' } });
    expect((await ownApi['workspace.info']({})).path).toBe(source);
    const refused = await dispatch(ownApi, 'workspace.create', { path: source, demo: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const table = await ownApi['table.get']({ period: 'Q1 2019/20', scope: 'headline' });
    expect(table.rows.filter((r) => r.breakdown === null).map((r) => r.display)).toEqual(
      Q1_ROWS.map(({ current, previous, change, changePercent }) => ({ current, previous, change, changePercent })),
    );
    own.close();
  });
});
