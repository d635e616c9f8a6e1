import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WorkbenchError } from '../shared/api/errors';
import { loadMigrations, type Migration } from './migrations';

export type Db = Database.Database;

/** "PWB1": marks a SQLite file as a Performance Workbench workspace. */
export const APPLICATION_ID = 0x50574231;

const SQLITE_HEADER = 'SQLite format 3\u0000';

export interface OpenOptions {
  /** Create the file when it does not exist (otherwise a missing file is an error). */
  create?: boolean;
  migrations?: Migration[];
  /** Stop at this schema version: used by the tests that migrate from every earlier version. */
  targetVersion?: number;
  /** Electron loads its own build of the native module; see scripts/electron-native.js. */
  nativeBinding?: string;
}

export interface OpenedDb {
  db: Db;
  /** The schema version the file had before opening, 0 for a new file. */
  previousVersion: number;
  /** Where the pre-migration copy went, when one was taken. */
  backupPath?: string;
}

function assertLooksLikeSqlite(file: string): void {
  const size = fs.statSync(file).size;
  if (size === 0) return;
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    fs.readSync(fd, header, 0, 16, 0);
    if (header.toString('latin1') !== SQLITE_HEADER) {
      throw new WorkbenchError('not_a_workspace', `${path.basename(file)} is not a Performance Workbench workspace (it is not a database file).`, { file });
    }
  } finally {
    fs.closeSync(fd);
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Opens a workspace file: WAL, foreign keys, then the numbered migrations it lacks, each in one
 * transaction, after a copy of the file has been taken. A file from a newer app, or a database that is
 * not a workspace, is refused without being changed.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDb {
  const exists = fs.existsSync(file);
  if (!exists && !options.create) {
    throw new WorkbenchError('file_missing', `There is no workspace at ${file}.`, { file });
  }
  if (exists) assertLooksLikeSqlite(file);
  if (!exists) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const migrations = options.migrations ?? loadMigrations();
    const target = options.targetVersion ?? migrations.length;
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const hasTables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n > 0;
    if (applicationId !== APPLICATION_ID && (hasTables || version !== 0)) {
      throw new WorkbenchError('not_a_workspace', `${path.basename(file)} is a database, but not a Performance Workbench workspace.`, { file });
    }
    if (version > migrations.length) {
      throw new WorkbenchError(
        'workspace_newer',
        `${path.basename(file)} was saved by a newer version of Performance Workbench (workspace format ${version}; ` +
          `this version reads up to ${migrations.length}). Update Performance Workbench to open it; the file has not been changed.`,
        { file },
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A workspace of many forces' figures is a few hundred MB; SQLite's default 2 MB page cache would
    // re-read it from disk on every pass. 64 MB, taken only as it is used.
    db.pragma('cache_size = -65536');

    let backupPath: string | undefined;
    if (version < target && version > 0) {
      backupPath = `${file}.format${version}-${timestamp()}.bak`;
      db.prepare('VACUUM INTO ?').run(backupPath);
    }
    const migrate = db.transaction(() => {
      for (const m of migrations.slice(version, target)) {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      }
      db.pragma(`application_id = ${APPLICATION_ID}`);
    });
    if (version < target) migrate();
    return { db, previousVersion: version, backupPath };
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
