import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createSession } from '../../electron/backend/session';
import { openWorkspace } from '../../electron/backend/workspace';
import { createApi } from '../checkedApi';
import { suiteWorkspaces } from './workspaceFixtures';

/**
 * A request reads what it needs once (the guide's "one context per request"): every statement a request
 * runs is recorded, and the KPI index and each workspace setting are read at most once however many
 * helpers use them.
 */

const workspaces = suiteWorkspaces();

interface Run {
  sql: string;
  args: unknown[];
}

/** Records each statement the database runs, with its arguments, while `use` goes on. */
function recording(db: Db): { runs: Run[]; stop: () => void } {
  const runs: Run[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['get', 'all', 'iterate', 'run'] as const) {
      const original = (statement[method] as (...a: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => (runs.push({ sql, args }), original(...args));
    }
    return statement;
  }) as Db['prepare'];
  return { runs, stop: () => void (db.prepare = prepare as Db['prepare']) };
}

const kpiIndexReads = (runs: Run[]) => runs.filter((r) => /FROM kpis LEFT JOIN kpi_direction_choices/.test(r.sql)).length;
const metaReads = (runs: Run[]) => runs.filter((r) => /^\s*SELECT .*FROM workspace_meta/s.test(r.sql));

type Api = ReturnType<typeof createApi>;

/** The statements one request runs on a copy of the demo workspace, after `before` has set it up. */
async function recorded(request: (api: Api) => unknown, before: (api: Api) => unknown = () => undefined): Promise<Run[]> {
  const file = path.join(workspaces.dir(), `copy-${Math.random().toString(36).slice(2)}.sqlite`);
  fs.copyFileSync(workspaces.demo(), file);
  const session = createSession(openWorkspace(file));
  try {
    const api = createApi(session);
    // The first call loads the method's module; what is counted is the request itself.
    await before(api);
    const { runs, stop } = recording(session.current().db);
    try {
      await request(api);
    } finally {
      stop();
    }
    return runs;
  } finally {
    session.close();
  }
}

const PERIOD = 'Q1 2019/20';

/** Each request: the KPI index read once, and no setting read twice. */
function expectOneContext(name: string, runs: Run[]) {
  const keys = metaReads(runs).map((r) => JSON.stringify(r.args[0] ?? 'all'));
  console.log(`${name}: ${runs.length} statements, ${kpiIndexReads(runs)} KPI index read(s), settings read: ${keys.join(', ')}`);
  expect(kpiIndexReads(runs), name).toBe(1);
  expect(keys.filter((k, i) => keys.indexOf(k) !== i), `${name}: settings read more than once`).toEqual([]);
}

describe('one context per request', () => {
  it('opens a new report, and one already drafted, reading the KPI index once and each setting once', async () => {
    const drafted = await recorded((api) => api['report.open']({ period: PERIOD, start: 'draft' }), (api) => api['workspace.info']({}));
    expectOneContext('report.open (new)', drafted);
    // 233 statements before the report's context was built once (a baseline read per series, two analyses).
    expect(drafted.length).toBeLessThan(40);
    expectOneContext('report.open (drafted)', await recorded((api) => api['report.open']({ period: PERIOD, start: 'draft' }), (api) => api['report.open']({ period: PERIOD, start: 'draft' })));
  });

  it('saves a report, redrafts it and accepts a finding, each with one context', async () => {
    const open = (api: Api) => api['report.open']({ period: PERIOD, start: 'draft' });
    expectOneContext('report.save', await recorded((api) => api['report.save']({ period: PERIOD, changes: { title: 'Force Performance Report' } }), open));
    expectOneContext('report.redraft', await recorded((api) => api['report.redraft']({ period: PERIOD }), open));
  });

  it('reads the KPI table and the inbox with one context', async () => {
    const warm = (api: Api) => api['workspace.info']({});
    expectOneContext('table.get', await recorded((api) => api['table.get']({ period: PERIOD, section: 1, scope: 'all' }), warm));
    expectOneContext('anomalies.list', await recorded((api) => api['anomalies.list']({ period: PERIOD }), warm));
  });
});
