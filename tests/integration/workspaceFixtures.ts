import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createImport } from '../../db/imports';
import { applyChanges, insertObservations, monthlyFigure } from '../../db/observations';
import { afterAll, beforeAll } from 'vitest';
import { closeWorkspace, createWorkspace, openWorkspace, type Workspace } from '../../electron/backend/workspace';
import { saveWorkspaceSettings } from '../../electron/backend/workspaceSettings';
import { sourceReportFigures } from '../fixtures/sourceReport';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-it-'));
}

/**
 * A folder for one test file's workspaces, made before its tests and removed after them, and the files in
 * it: `demo()` is the demo workspace (made once), `demoCopy(name)` a copy of it to change, `fresh()` a new empty
 * workspace each call.
 */
export function suiteWorkspaces(): { dir: () => string; demo: () => string; demoCopy: (name: string) => string; fresh: () => Workspace } {
  let dir = '';
  let demo = '';
  let counter = 0;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    demo: () => {
      if (!demo) {
        demo = path.join(dir, 'demo.sqlite');
        closeWorkspace(createWorkspace(demo, { demo: true }));
      }
      return demo;
    },
    /** A copy of the demo workspace of its own, NAME.sqlite, for a test that changes it. */
    demoCopy(name) {
      const file = path.join(dir, `${name}.sqlite`);
      fs.copyFileSync(this.demo(), file);
      return file;
    },
    fresh: () => createWorkspace(path.join(dir, `ws-${++counter}.sqlite`), { demo: false }),
  };
}

/** The settings the source reports' workspace is given when it is created, as the app asks for them. */
export const SOURCE_FORCE = 'Leicestershire Police';
export const SOURCE_AUTHOR = 'Performance Manager, OPCC';

/** A workspace file holding the monthly figures that add up to the source reports' totals. */
export function sourceReportWorkspace(dir: string, options: { settings?: boolean } = {}): string {
  const file = path.join(dir, 'source-report.sqlite');
  const workspace = createWorkspace(file, { demo: false });
  if (options.settings !== false) saveWorkspaceSettings(workspace, { forceName: SOURCE_FORCE, author: SOURCE_AUTHOR });
  workspace.db.transaction(() => {
    const importId = createImport(workspace.db, { kind: 'manual', label: 'Source report totals' });
    insertObservations(
      workspace.db,
      importId,
      sourceReportFigures().map((f) => ({ kpiId: f.kpiId, periodStart: f.month, dimension: f.dimension, category: f.category, value: f.value, sourceFile: 'fixture.xlsx', sourceSheet: 'KPIs', sourceCell: 'B2' })),
    );
  })();
  closeWorkspace(workspace);
  return file;
}

/** A later import that revises one month of a KPI's headline figure by `by`, as a re-import would. */
export function reviseMonth(file: string, kpiId: string, month: string, by: number): void {
  const workspace = openWorkspace(file);
  try {
    const { db } = workspace;
    db.transaction(() => {
      const importId = createImport(db, { kind: 'manual', label: `${kpiId} ${month} revised` });
      const old = monthlyFigure(db, kpiId, month)!;
      const change = { kpiId, periodKind: 'month' as const, periodStart: month, area: '', dimension: '', category: '', value: old + by, oldValue: old, sourceFile: null, sourceSheet: null, sourceCell: null };
      for (const _ of applyChanges(db, importId, [change], new Date().toISOString()));
    })();
  } finally {
    closeWorkspace(workspace);
  }
}

/** Every row of every table, in order: two equal dumps mean the database holds exactly the same data. */
export function dumpDatabase(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    // A table without rowid is read in the order of its key, which is as stable as rowid order.
    const tables = db.prepare<[], { name: string; wr: number }>("SELECT name, wr FROM pragma_table_list WHERE type = 'table' AND schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const schema = db.prepare("SELECT sql FROM sqlite_schema ORDER BY name").all();
    const rows = Object.fromEntries(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"${t.wr ? '' : ' ORDER BY rowid'}`).all()]));
    return JSON.stringify({ schema, version: db.pragma('user_version', { simple: true }), rows });
  } finally {
    db.close();
  }
}
