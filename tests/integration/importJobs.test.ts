import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api/contract';
import type { ImportJobStatus } from '../../shared/import/importSchemas';
import { createApi } from '../checkedApi';
import { dispatch } from '../../electron/backend/dispatch';
import { createSession, type Session } from '../../electron/backend/session';
import { createWorkspace } from '../../electron/backend/workspace';
import { longCsv, type Row } from '../fixtures/spreadsheets';
import { dumpDatabase, tempDir } from './workspaceFixtures';

let dir: string;
let session: Session;
let api: Api;

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** 30,000 figures of 101 calls by area: enough for several write steps. */
function bigCsv(name: string, value: number): string {
  const rows: Row[] = [['Month', 'Measure', 'Area', 'Value']];
  for (let area = 0; area < 200; area++) for (let m = 0; m < 150; m++) rows.push([`${2014 + Math.floor((m + 3) / 12)}-${String(((m + 3) % 12) + 1).padStart(2, '0')}`, '101 calls', `Area ${area}`, String(value + m)]);
  return longCsv(path.join(dir, name), rows);
}

async function follow(jobId: string, onStatus: (status: ImportJobStatus) => Promise<void> | void = () => undefined): Promise<ImportJobStatus[]> {
  const seen: ImportJobStatus[] = [];
  for (;;) {
    const status = await api['import.progress']({ jobId });
    seen.push(status);
    await onStatus(status);
    if (status.state !== 'running') return seen;
    await tick();
  }
}

beforeAll(() => {
  dir = tempDir();
  session = createSession(createWorkspace(path.join(dir, 'jobs.sqlite'), { demo: false }));
  api = createApi(session);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('imports as jobs, with progress', () => {
  it('reports reading, checking and writing as it goes, and refuses other calls while it writes', async () => {
    const file = bigCsv('big.csv', 1000);
    const { jobId } = await api['import.start']({ paths: [file], commit: true, addUnknown: false, mappings: {}, addLabels: [], newKpis: {}, layouts: {} });
    let refusedWhileWriting: unknown;
    const seen = await follow(jobId, async (status) => {
      if (status.phase === 'Writing' && status.done > 0 && !refusedWhileWriting) refusedWhileWriting = await dispatch(api, 'table.get', { period: 'Q1 2019/20' });
    });
    // Phases come in order; a short one (starting, reading a small file) may pass between two polls.
    const order = ['Starting', 'Reading big.csv', 'Reading big.csv: Sheet1', 'Checking 30,000 figures', 'Backing up the workspace', 'Writing'];
    const phases = [...new Set(seen.map((s) => s.phase))];
    expect(phases.map((p) => order.indexOf(p))).toEqual([...phases.map((p) => order.indexOf(p))].sort((a, b) => a - b));
    expect(phases).toEqual(expect.arrayContaining(['Checking 30,000 figures', 'Writing']));
    const writing = seen.filter((s) => s.phase === 'Writing').map((s) => s.done);
    expect(writing[0]).toBe(0);
    expect(writing.at(-1)).toBeGreaterThanOrEqual(25000);
    expect(writing).toEqual([...writing].sort((a, b) => a - b));
    expect(seen.find((s) => s.phase === 'Writing')!.total).toBe(30000);
    expect(refusedWhileWriting).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('An import is being written') } });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ state: 'done', result: { status: 'committed', totals: { added: 30000, changed: 0, unchanged: 0 } } });
    expect((session.current().db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n).toBe(30000);
  });

  it('cancels part-way through writing and leaves the workspace exactly as it was', async () => {
    const before = dumpDatabase(session.current().path);
    const file = bigCsv('changed.csv', 2000);
    const { jobId } = await api['import.start']({ paths: [file], commit: true, addUnknown: false, mappings: {}, addLabels: [], newKpis: {}, layouts: {} });
    let cancelledAt = -1;
    const seen = await follow(jobId, async (status) => {
      if (status.phase === 'Writing' && status.done >= 5000 && cancelledAt < 0) {
        cancelledAt = status.done;
        await api['import.cancel']({ jobId });
      }
    });
    expect(cancelledAt).toBeGreaterThanOrEqual(5000);
    expect(seen.at(-1)).toMatchObject({ state: 'cancelled', result: null });
    expect(dumpDatabase(session.current().path)).toBe(before);
    expect(await dispatch(api, 'table.get', { period: 'Q1 2019/20' })).toMatchObject({ ok: true });
  });

  it('previews as a job too, and reports a file it cannot read as a result with its error', async () => {
    const { jobId } = await api['import.start']({ paths: [path.join(dir, 'missing.xlsx')], commit: false, addUnknown: false, mappings: {}, addLabels: [], newKpis: {}, layouts: {} });
    const last = (await follow(jobId)).at(-1)!;
    expect(last).toMatchObject({ state: 'done', result: { errors: [{ file: 'missing.xlsx', message: 'no such file' }] } });
    expect(await dispatch(api, 'import.progress', { jobId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
