import path from 'node:path';
import fs from 'node:fs';
import { WorkbenchError } from '../../shared/api/errors';
import type { WorkspaceInfo } from '../../shared/api/contract';
import { DEMO_AUTHOR, DEMO_FORCE_NAME, generateDemo } from '../../shared/demo/generateDemo';
import { openDatabase, schemaVersion, type Db } from '../../db/open';
import { syncCatalogue } from '../../db/kpis';
import { getMeta, setMeta } from '../../db/meta';
import { currentAuthor } from './author';
import { DEMO_PEERS, DEMO_POPULATIONS, generateDemoPeers } from '../../shared/demo/demoPeers';
import { setAreaPopulation } from '../../db/analysisSettings';
import { createImport, setImportSummary } from '../../db/imports';
import { insertObservations, monthlyRange } from '../../db/observations';
import { catalogueText, loadCatalogue } from './catalogue';

/** An open workspace file. Everything the backend reads or writes goes through one of these. */
export interface Workspace {
  path: string;
  db: Db;
  /** The pre-migration copy taken when this opening upgraded the file. */
  backupPath?: string;
  /** An import is writing in steps: its transaction is open, so nothing else may read or write. */
  writing?: boolean;
}

export interface OpenWorkspaceOptions {
  create?: boolean;
  nativeBinding?: string;
}

export function openWorkspace(file: string, options: OpenWorkspaceOptions = {}): Workspace {
  const resolved = path.resolve(file);
  const { db, backupPath } = openDatabase(resolved, { create: options.create, nativeBinding: options.nativeBinding });
  try {
    // The catalogue is validated and synced only when it differs from the version the workspace last took.
    const { sha256 } = catalogueText();
    if (getMeta(db, 'catalogue_sha256') !== sha256) {
      syncCatalogue(db, loadCatalogue().kpis);
      setMeta(db, 'catalogue_sha256', sha256);
    }
    if (getMeta(db, 'name') === undefined) setMeta(db, 'name', path.basename(resolved, path.extname(resolved)));
  } catch (error) {
    db.close();
    throw error;
  }
  return { path: resolved, db, backupPath };
}

export function closeWorkspace(workspace: Workspace): void {
  if (workspace.db.open) workspace.db.close();
}

export function isDemoWorkspace(workspace: Workspace): boolean {
  return getMeta(workspace.db, 'demo') === '1';
}

export function workspaceInfo(workspace: Workspace): WorkspaceInfo {
  const range = monthlyRange(workspace.db);
  return {
    path: workspace.path,
    name: getMeta(workspace.db, 'name') ?? path.basename(workspace.path),
    isDemo: isDemoWorkspace(workspace),
    schemaVersion: schemaVersion(workspace.db),
    observationCount: (workspace.db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n,
    firstMonth: range.first,
    lastMonth: range.last,
    author: currentAuthor(workspace),
  };
}

/**
 * Fills a workspace with the fictional demo force, in one transaction. A workspace that already holds
 * figures is refused: the demo never mixes with, or replaces, real data.
 */
export function writeDemo(workspace: Workspace): void {
  const { db } = workspace;
  const existing = (db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n;
  if (existing > 0) {
    throw new WorkbenchError('conflict', `${path.basename(workspace.path)} already holds ${existing} figures; choose a new file for the demo workspace.`, {
      file: workspace.path,
    });
  }
  const figures = generateDemo();
  const areaFigures = generateDemoPeers(figures);
  db.transaction(() => {
    const importId = createImport(db, { kind: 'demo', label: 'Demo data (fictional force)' });
    insertObservations(db, importId, [
      ...figures.map((f) => ({ kpiId: f.kpiId, periodStart: f.month, dimension: f.dimension, category: f.category, value: f.value, sourceFile: 'demo generator' })),
      // In the shape the Home Office tables by force take when imported (shared/import/forceTableLayout.ts).
      ...areaFigures.map((f) => ({
        kpiId: 'all-crime',
        periodKind: 'quarter' as const,
        periodStart: f.quarterStart,
        area: f.area,
        dimension: f.category ? 'Offence Group' : '',
        category: f.category,
        value: f.value,
        sourceFile: 'demo generator',
      })),
    ]);
    setImportSummary(db, importId, { added: figures.length + areaFigures.length, changed: 0, unchanged: 0 });
    setMeta(db, 'demo', '1');
    setMeta(db, 'name', DEMO_FORCE_NAME);
    // The demo's own settings: a fictional force, and a role rather than a person as author.
    setMeta(db, 'force_name', DEMO_FORCE_NAME);
    setMeta(db, 'author', DEMO_AUTHOR);
    setMeta(db, 'peer_group', JSON.stringify({ force: DEMO_FORCE_NAME, peers: DEMO_PEERS }));
    for (const [area, population] of Object.entries(DEMO_POPULATIONS)) {
      setAreaPopulation(db, { area, population, asOf: 'fictional', source: 'demo generator', enteredBy: 'demo generator' });
    }
  })();
}

/** Creates a workspace file; with demo, filled with the demo force. An existing file is never replaced. */
export function createWorkspace(file: string, options: { demo: boolean; nativeBinding?: string }): Workspace {
  const resolved = path.resolve(file);
  if (fs.existsSync(resolved)) {
    throw new WorkbenchError('conflict', 'a file of that name already exists; open it, or choose another name for the new workspace.', { file: resolved });
  }
  const workspace = openWorkspace(resolved, { create: true, nativeBinding: options.nativeBinding });
  try {
    if (options.demo) writeDemo(workspace);
  } catch (error) {
    closeWorkspace(workspace);
    throw error;
  }
  return workspace;
}
