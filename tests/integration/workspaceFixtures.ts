import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createImport } from '../../db/imports';
import { insertObservations } from '../../db/observations';
import { closeWorkspace, createWorkspace } from '../../electron/backend/workspace';
import { sourceReportFigures } from '../fixtures/sourceReport';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-it-'));
}

/** A workspace file holding the monthly figures that add up to the source reports' totals. */
export function sourceReportWorkspace(dir: string): string {
  const file = path.join(dir, 'source-report.sqlite');
  const workspace = createWorkspace(file, { demo: false });
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

/** Every row of every table, in order: two equal dumps mean the database holds exactly the same data. */
export function dumpDatabase(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const schema = db.prepare("SELECT sql FROM sqlite_schema ORDER BY name").all();
    return JSON.stringify({ schema, version: db.pragma('user_version', { simple: true }), rows: Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()])) });
  } finally {
    db.close();
  }
}
