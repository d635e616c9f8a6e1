import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WorkbenchError } from '../shared/api/errors';
import { cellPart } from './cellRef';
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
  /**
   * wal on a local disk; delete (SQLite's rollback journal) on network and synced folders, where the
   * write-ahead log's shared memory does not work and a sync client copies files one at a time.
   */
  journalMode?: 'wal' | 'delete';
  /** Opened for reading only: another holds the workspace, or it is damaged. Nothing is migrated or written. */
  readonly?: boolean;
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

/**
 * Opens a file for reading only. A workspace in write-ahead-log mode on a read-only disk cannot be opened in
 * place (SQLite needs to create its shared-memory file beside it): it is read from a copy, removed on close.
 */
function openReadOnly(file: string, nativeBinding: string | undefined): Database.Database {
  const options = { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) };
  try {
    const db = new Database(file, options);
    try {
      // SQLite opens the file at its first read: that is where a WAL file on a read-only disk fails.
      db.pragma('schema_version');
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CANTOPEN') throw error;
    const copy = path.join(os.tmpdir(), `performance-workbench-read-only-${process.pid}-${Date.now()}-${path.basename(file)}`);
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy, options);
    READ_COPIES.add(copy);
    return db;
  }
}

/** Copies taken to read a workspace that could not be opened in place; removed when it closes. */
const READ_COPIES = new Set<string>();

/** Closes a database, removing the copy it was read from, if it was. */
export function closeDatabase(db: Database.Database): void {
  if (db.open) db.close();
  if (READ_COPIES.delete(db.name)) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db.name + suffix, { force: true });
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

  const db = options.readonly ? openReadOnly(file, options.nativeBinding) : new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const migrations = options.migrations ?? loadMigrations();
    const target = options.targetVersion ?? migrations.length;
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const hasTables = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()!.n > 0;
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
    // How long a writer waits for another's transaction to end before it says the workspace is busy.
    db.pragma(`busy_timeout = ${Number(process.env.WORKBENCH_BUSY_TIMEOUT_MS) || 5000}`);
    if (options.readonly) {
      if (version < target) {
        throw new WorkbenchError('conflict', `${path.basename(file)} needs updating to this version's format, which cannot be done while it is open read-only.`, { file });
      }
      db.pragma('cache_size = -65536');
      return { db, previousVersion: version };
    }
    db.pragma(`journal_mode = ${options.journalMode === 'delete' ? 'DELETE' : 'WAL'}`);
    db.pragma('foreign_keys = ON');
    // A workspace of many forces' figures is a few hundred MB; SQLite's default 2 MB page cache would
    // re-read it from disk on every pass. 64 MB, taken only as it is used.
    db.pragma('cache_size = -65536');

    let backupPath: string | undefined;
    if (version < target && version > 0) {
      backupPath = `${file}.format${version}-${timestamp()}.bak`;
      db.prepare('VACUUM INTO ?').run(backupPath);
    }
    // Migration 010 turns format 9's cell texts into numbers.
    db.function('cell_part', { deterministic: true }, (text, part) => cellPart(text as string | null, Number(part)));
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

/** What SQLite's quick_check finds wrong, joined in one line; "ok" when the file is sound. */
export function quickCheck(db: Db): string {
  const rows = db.pragma('quick_check') as Record<string, string>[];
  return rows.map((r) => Object.values(r)[0]).join('; ');
}

/** A number that changes whenever another connection commits: whether someone else wrote meanwhile. */
export function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}

/** A file's application id and format version, as a workspace records them in its header. */
export function fileIdentity(db: Db): { applicationId: number; version: number } {
  return { applicationId: db.pragma('application_id', { simple: true }) as number, version: db.pragma('user_version', { simple: true }) as number };
}

/**
 * A write transaction held open across steps (an import that reports progress and can be cancelled), where
 * better-sqlite3's db.transaction, which runs one function to its end, cannot serve. BEGIN IMMEDIATE takes the
 * write lock at once, so another writer waits (busy timeout) rather than failing part way.
 */
export function beginWrite(db: Db): { commit: () => void; rollback: () => void } {
  db.exec('BEGIN IMMEDIATE');
  return {
    commit: () => db.exec('COMMIT'),
    rollback: () => {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
  };
}
