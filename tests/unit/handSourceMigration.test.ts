import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { HAND_SOURCE } from '../../shared/domain/sources';

// Format 17 kept every figure typed by hand under the force's own source. Format 18 makes them a source of
// their own where no file supplied the KPI, and leaves a typed gap or correction with the force's figures.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-hand-source-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('format 18: figures entered by hand', () => {
  it('moves a KPI only ever typed to "entered by hand", and leaves typed figures where a file supplied the KPI', () => {
    const file = path.join(dir, 'format-17.sqlite');
    const { db } = openDatabase(file, { create: true, targetVersion: 17 });
    const kpi = db.prepare(`INSERT INTO kpis (id, section, number, name, unit, direction, aggregation) VALUES (?, 5, ?, ?, 'count', 'up', '{"kind":"sum"}')`);
    kpi.run('typed', '5.9', 'Patrol hours');
    kpi.run('filled', '1.1', 'All crime');
    kpi.run('corrected', '2.1', 'Incidents');
    kpi.run('undone-file', '2.2', 'Arrests');
    const anImport = (kind: string, label: string) => {
      const id = Number(db.prepare(`INSERT INTO imports (kind, label, created_at) VALUES (?, ?, '2019-07-01T00:00:00Z')`).run(kind, label).lastInsertRowid);
      const sheet = Number(db.prepare('INSERT INTO import_sheets (import_id, file, sheet) VALUES (?, ?, ?)').run(id, kind === 'file' ? 'force.xlsx' : null, kind === 'file' ? 'KPI Summary' : null).lastInsertRowid);
      return { id, sheet };
    };
    const series = (kpiId: string, category = '') => Number(db.prepare(`INSERT INTO series (kpi_id, dimension, category) VALUES (?, ?, ?)`).run(kpiId, category ? 'Area' : '', category).lastInsertRowid);
    const figure = (seriesId: number, month: number, value: number, sheet: number) =>
      db.prepare('INSERT INTO figures (series_id, month, value, sheet_id) VALUES (?, ?, ?, ?)').run(seriesId, month, value, sheet);
    const file1 = anImport('file', 'force.xlsx');
    const typed = anImport('manual', 'Entered by the analyst');
    const [typedHeadline, typedArea] = [series('typed'), series('typed', 'North')];
    figure(typedHeadline, 24231, 1250, typed.sheet);
    figure(typedArea, 24231, 600, typed.sheet);
    const filled = series('filled');
    figure(filled, 24230, 7000, file1.sheet);
    figure(filled, 24231, 7100, typed.sheet);
    // A figure from the file, since corrected by hand: only its revision says a file supplied it.
    const corrected = series('corrected');
    figure(corrected, 24231, 510, typed.sheet);
    db.prepare(`INSERT INTO figure_revisions (series_id, month, import_id, reason, old_value, old_sheet_id, new_value, changed_at) VALUES (?, 24231, ?, 'import', 500, ?, 510, '2019-07-02T00:00:00Z')`).run(corrected, typed.id, file1.sheet);
    // A file's figure removed by undo, then the month typed: the KPI is still one a file supplies.
    const undone = series('undone-file');
    figure(undone, 24231, 40, typed.sheet);
    db.prepare(`INSERT INTO figure_revisions (series_id, month, import_id, reason, old_value, old_sheet_id, new_value, changed_at) VALUES (?, 24230, ?, 'undo', 38, ?, NULL, '2019-07-02T00:00:00Z')`).run(undone, file1.id, file1.sheet);
    db.close();

    const migrated = openDatabase(file).db;
    const sources = Object.fromEntries(
      migrated.prepare<[], { kpi: string; sources: string }>("SELECT kpi_id AS kpi, group_concat(DISTINCT source) AS sources FROM series GROUP BY kpi_id ORDER BY kpi_id").all().map((r) => [r.kpi, r.sources]),
    );
    expect(sources).toEqual({ typed: HAND_SOURCE, filled: '', corrected: '', 'undone-file': '' });
    // Moved, not copied: the same series keep their figures and provenance.
    expect(migrated.prepare('SELECT series_id, month, value, sheet_id FROM figures ORDER BY series_id, month').all()).toEqual([
      { series_id: typedHeadline, month: 24231, value: 1250, sheet_id: typed.sheet },
      { series_id: typedArea, month: 24231, value: 600, sheet_id: typed.sheet },
      { series_id: filled, month: 24230, value: 7000, sheet_id: file1.sheet },
      { series_id: filled, month: 24231, value: 7100, sheet_id: typed.sheet },
      { series_id: corrected, month: 24231, value: 510, sheet_id: typed.sheet },
      { series_id: undone, month: 24231, value: 40, sheet_id: typed.sheet },
    ]);
    migrated.close();
  });
});
