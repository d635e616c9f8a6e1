import path from 'node:path';
import fs from 'node:fs';
import { WorkbenchError } from '../../shared/api/errors';
import type { WorkspaceInfo } from '../../shared/api/workspaceSchemas';
import { DEMO_AUTHOR, DEMO_FORCE_NAME, generateDemo } from '../../shared/demo/generateDemo';
import { closeDatabase, openDatabase, schemaVersion, type Db } from '../../db/open';
import { syncCatalogue } from '../../db/kpis';
import { getMeta, setMeta } from '../../db/meta';
import { currentAuthor } from './author';
import { DEMO_PEERS, DEMO_POPULATIONS, generateDemoPeers } from '../../shared/demo/demoPeers';
import { HOME_OFFICE } from '../../shared/domain/sources';
import { setAreaPopulation } from '../../db/analysisSettings';
import { createImport, setImportSummary } from '../../db/imports';
import { countFigures, insertObservations, monthlyRange } from '../../db/observations';
import { catalogueText, loadCatalogue } from './catalogue';
import { takeLock, workspaceLocation, type LockHolder, type WorkspaceLocation } from './location';
import { checkIntegrity } from './integrity';

/** An open workspace file. Everything the backend reads or writes goes through one of these. */
export interface Workspace {
  path: string;
  db: Db;
  /** The pre-migration copy taken when this opening upgraded the file. */
  backupPath?: string;
  /** An import is writing in steps: its transaction is open, so nothing else may read or write. */
  writing?: boolean;
  /** Where the file lies: on a network or synced folder it uses the rollback journal and a lock file. */
  location: WorkspaceLocation;
  journalMode: 'wal' | 'delete';
  /** Why the workspace is open read-only, when it is: someone else holds it, it is damaged, or it cannot be written. */
  readOnly?: string;
  /** What the integrity check found, when the workspace is damaged. */
  damaged?: string;
  /** Who holds the workspace's lock, when another does. */
  lockedBy?: LockHolder;
  /** Gives the lock file up when the workspace closes. */
  releaseLock?: () => void;
}

export interface OpenWorkspaceOptions {
  create?: boolean;
  nativeBinding?: string;
}

/** Whether this process may write the file and its folder (journals and the lock file go beside it). */
function writable(file: string): boolean {
  try {
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK);
    // A new workspace's folder is made when it is created: what matters is the nearest folder there is.
    let folder = path.dirname(file);
    while (!fs.existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
    fs.accessSync(folder, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a workspace file where it lies: on the local disk with the write-ahead log; on a network or synced
 * folder with the rollback journal and a lock file, read-only when another machine or process holds it.
 * A workspace that fails its integrity check is opened read-only, never written to.
 */
export function openWorkspace(file: string, options: OpenWorkspaceOptions = {}): Workspace {
  const resolved = path.resolve(file);
  const location = workspaceLocation(resolved);
  const journalMode = location.kind === 'local' ? 'wal' : 'delete';
  let readOnly: string | undefined;
  let lockedBy: LockHolder | undefined;
  let releaseLock: (() => void) | undefined;
  if (!writable(resolved)) readOnly = 'the workspace file or its folder is read-only';
  else if (location.kind !== 'local') {
    const lock = takeLock(resolved);
    if (lock.held) releaseLock = lock.release;
    else {
      lockedBy = lock.holder;
      readOnly = `it is open on ${lock.holder.machine} by ${lock.holder.user} since ${lock.holder.since.slice(0, 16).replace('T', ' ')}`;
    }
  }
  let opened: ReturnType<typeof openDatabase>;
  try {
    opened = openDatabase(resolved, { create: options.create, nativeBinding: options.nativeBinding, journalMode, readonly: readOnly !== undefined });
  } catch (error) {
    releaseLock?.();
    throw error;
  }
  const workspace: Workspace = { path: resolved, db: opened.db, backupPath: opened.backupPath, location, journalMode, readOnly, lockedBy, releaseLock };
  const damage = checkIntegrity(workspace);
  if (damage) {
    // Not written to again: reopened read-only, for its figures to be read and a backup to be restored.
    closeDatabase(opened.db);
    workspace.db = openDatabase(resolved, { nativeBinding: options.nativeBinding, readonly: true }).db;
    workspace.damaged = damage;
    workspace.readOnly = `it is damaged (${damage.slice(0, 80)}); restore its latest good backup`;
    return workspace;
  }
  const { db } = workspace;
  if (workspace.readOnly) return workspace;
  try {
    // The catalogue is validated and synced only when it differs from the version the workspace last took.
    const { sha256 } = catalogueText();
    if (getMeta(db, 'catalogue_sha256') !== sha256) {
      syncCatalogue(db, loadCatalogue().kpis);
      setMeta(db, 'catalogue_sha256', sha256);
    }
    if (getMeta(db, 'name') === undefined) setMeta(db, 'name', path.basename(resolved, path.extname(resolved)));
  } catch (error) {
    closeWorkspace(workspace);
    throw error;
  }
  return workspace;
}

export function closeWorkspace(workspace: Workspace): void {
  closeDatabase(workspace.db);
  workspace.releaseLock?.();
}

export function isDemoWorkspace(workspace: Workspace): boolean {
  return getMeta(workspace.db, 'demo') === '1';
}

/** What can still be read of a damaged workspace's figures: nothing is said rather than an error. */
function figuresOverview(workspace: Workspace): { range: { first: string | null; last: string | null }; count: number } {
  try {
    return { range: monthlyRange(workspace.db), count: countFigures(workspace.db) };
  } catch (error) {
    if (!workspace.damaged) throw error;
    return { range: { first: null, last: null }, count: -1 };
  }
}

export function workspaceInfo(workspace: Workspace): WorkspaceInfo {
  const { range, count } = figuresOverview(workspace);
  return {
    path: workspace.path,
    name: getMeta(workspace.db, 'name') ?? path.basename(workspace.path),
    isDemo: isDemoWorkspace(workspace),
    schemaVersion: schemaVersion(workspace.db),
    observationCount: count,
    firstMonth: range.first,
    lastMonth: range.last,
    author: currentAuthor(workspace),
    journalMode: workspace.journalMode,
    location: workspace.location.kind,
    locationDetail: workspace.location.detail,
    readOnly: workspace.readOnly ?? null,
    damaged: workspace.damaged ?? null,
    lockedBy: workspace.lockedBy ? { user: workspace.lockedBy.user, machine: workspace.lockedBy.machine, since: workspace.lockedBy.since } : null,
  };
}

/**
 * Fills a workspace with the fictional demo force, in one transaction. A workspace that already holds
 * figures is refused: the demo never mixes with, or replaces, real data.
 */
export function writeDemo(workspace: Workspace): void {
  const { db } = workspace;
  const existing = countFigures(db);
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
        source: HOME_OFFICE,
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
