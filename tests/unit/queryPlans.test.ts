import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { areaFigureOrigins, quarterlyAreaFigures } from '../../db/areaFigures';
import { createImport, figureHistory, figuresChangedSince, undoImportChanges } from '../../db/imports';
import { applyChanges, countFigures, figuresOfSeries, hasFigures, monthlyFigure, monthlyObservationsBetween, monthlyObservationsOfKpis, monthlyRange } from '../../db/observations';
import { closeWorkspace, openWorkspace, type Workspace } from '../../electron/backend/workspace';
import { suiteWorkspaces } from '../integration/workspaceFixtures';

// Every query of the figure tables, asked of SQLite's planner: each finds its rows by a key or an index, and
// scans a table whole only where the list below says why. A secondary index is kept only where one of these
// needs it, since each costs every figure written.

/** The tables a query may read whole, and why. */
const WHOLE_TABLE_SCANS: Record<string, { tables: string[]; why: string }> = {
  countFigures: { tables: ['figures'], why: 'it counts every figure' },
  hasFigures: { tables: ['figures'], why: 'it stops at the first figure' },
  monthlyObservationsBetween: { tables: ['series'], why: 'series are few (one per KPI and breakdown); each one’s months are found by the key' },
  monthlyObservationsOfKpis: { tables: ['series'], why: 'each KPI’s reporting source is worked out from its series, which are few' },
  monthlyRange: { tables: ['series'], why: 'the same: every series, each read by its key' },
  undoImportChanges: { tables: ['figures'], why: 'an undo reads the figures once for those on the import’s sheets: an index on sheets would cost every figure written, for an undo' },
  figuresChangedSince: { tables: ['figure_revisions'], why: 'revisions are only changes and removals, few beside the figures' },
};

const workspaces = suiteWorkspaces();
let workspace: Workspace;
let db: Db;
beforeAll(() => {
  workspace = openWorkspace(workspaces.demo());
  db = workspace.db;
});
afterAll(() => {
  closeWorkspace(workspace);
});

/** The statements a function prepares while it runs. */
function statementsOf(run: () => unknown): string[] {
  const prepare = db.prepare;
  const seen: string[] = [];
  db.prepare = ((sql: string) => {
    seen.push(sql);
    return prepare.call(db, sql);
  }) as typeof db.prepare;
  try {
    run();
  } finally {
    db.prepare = prepare;
  }
  return seen;
}

/** The tables SQLite's plan for a statement scans whole ("SCAN figures"), rather than searching by a key. */
function scannedTables(sql: string): string[] {
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]))];
  const positional = (sql.match(/\?/g) ?? []).length;
  const explain = db.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = named.length ? explain.all(Object.fromEntries(named.map((n) => [n, null]))) : explain.all(...Array(positional).fill(null));
  return rows.flatMap((r) => {
    const m = /^SCAN (\w+)/.exec(r.detail);
    // A common table expression's own rows, or a constant row, are not a table of the workspace.
    const table = m && (ALIASES[m[1]] ?? m[1]);
    return table && TABLES.includes(table) ? [table] : [];
  });
}

const TABLES = ['figures', 'series', 'import_sheets', 'figure_revisions', 'imports'];
/** The aliases db/ and the view `observations` give the tables. */
const ALIASES: Record<string, string> = { f: 'figures', s: 'series', sh: 'import_sheets', r: 'figure_revisions', i: 'imports' };

describe('the figure tables’ queries, as SQLite plans them', () => {
  it('reads figures by their key or an index, and scans whole only what is listed with a reason', () => {
    const importId = db.transaction(() => {
      const id = createImport(db, { kind: 'manual', label: 'plan test' });
      const old = monthlyFigure(db, 'calls-999', '2019-05')!;
      for (const _ of applyChanges(db, id, [{ kpiId: 'calls-999', periodKind: 'month', periodStart: '2019-05', area: '', dimension: '', category: '', value: old + 1, oldValue: old, sourceFile: 'f.xlsx', sourceSheet: 'KPIs', sourceCell: 'B2' }]));
      return id;
    })();
    const calls: Record<string, () => unknown> = {
      monthlyObservationsBetween: () => monthlyObservationsBetween(db, '2019-04', '2019-06'),
      monthlyObservationsOfKpis: () => monthlyObservationsOfKpis(db, ['calls-999', 'calls-101']),
      monthlyFigure: () => monthlyFigure(db, 'calls-999', '2019-04'),
      monthlyRange: () => monthlyRange(db),
      figuresOfSeries: () => figuresOfSeries(db, [{ kpiId: 'calls-999', periodKind: 'month', area: '', dimension: '', category: '' }]),
      quarterlyAreaFigures: () => quarterlyAreaFigures(db, 'all-crime'),
      areaFigureOrigins: () => areaFigureOrigins(db, 'all-crime'),
      countFigures: () => countFigures(db),
      hasFigures: () => hasFigures(db),
      figuresChangedSince: () => figuresChangedSince(db, importId),
      figureHistory: () => figureHistory(db, { kpiId: 'calls-999', month: '2019-05' }),
      undoImportChanges: () => db.transaction(() => undoImportChanges(db, importId))(),
    };
    const scans = Object.fromEntries(
      Object.entries(calls).map(([name, run]) => [name, [...new Set(statementsOf(run).filter((sql) => /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)/i.test(sql)).flatMap(scannedTables))].sort()]),
    );
    const allowed = Object.fromEntries(Object.keys(calls).map((name) => [name, [...(WHOLE_TABLE_SCANS[name]?.tables ?? [])].sort()]));
    expect(scans).toEqual(allowed);
  });

  it('would see a query that scans the figures (the check can fail)', () => {
    expect(scannedTables("SELECT value FROM figures WHERE value > 10")).toEqual(['figures']);
    expect(scannedTables('SELECT value FROM figures WHERE series_id = ? AND month = ?')).toEqual([]);
  });
});
