import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { countFigures } from './observations';
import type { Db } from './open';

/**
 * Backups of a workspace: consistent snapshots by SQLite's online backup API, each checked with
 * integrity_check before it counts, kept in a folder beside the workspace with a small JSON note of why
 * and when. The last 20 are kept, and the newest of each day for 30 days. Each is kept compressed (gzip, its
 * fastest level): a workspace of a million figures is 27 MB and its backup 9.5 MB, so the twenty kept after
 * twenty imports take 190 MB rather than 540 MB; compressing adds a quarter of a second, decompressing to
 * restore a tenth. A plain .sqlite copy put in the folder by hand is listed and restored as well.
 */

export const KEEP_LATEST = 20;
export const KEEP_DAYS = 30;

export interface BackupInfo {
  /** The file's name without .sqlite or .sqlite.gz: "2026-11-30T10-15-02-123Z import". */
  id: string;
  path: string;
  /** ISO time the snapshot was taken. */
  createdAt: string;
  /** Why: "import", "undo", "restore", "hand entry", "first open of the day", … */
  reason: string;
  observationCount: number;
  bytes: number;
}

interface Note {
  reason: string;
  createdAt: string;
  observationCount: number;
  workspace: string;
}

/** Where a workspace's backups go: a folder beside it, "<name> backups". */
export function backupFolder(workspacePath: string): string {
  return path.join(path.dirname(workspacePath), `${path.basename(workspacePath, path.extname(workspacePath))} backups`);
}

const stamp = (date: Date) => date.toISOString().replace(/[:.]/g, '-');
const safeReason = (reason: string) => reason.replace(/[^a-z0-9 -]+/gi, '').trim().slice(0, 40) || 'backup';
const PARTIAL = /^\.partial-/;
/** A backup as the workbench writes it, and one copied in by hand. */
const BACKUP_FILE = /\.sqlite(?:\.gz)?$/;
const isCompressed = (file: string) => file.endsWith('.gz');
const noteOf = (file: string) => file.replace(BACKUP_FILE, '.json');

/** A backup's database as a plain file at dest: decompressed, or copied when it was kept plain. */
export async function plainCopyOf(backupPath: string, dest: string): Promise<void> {
  if (isCompressed(backupPath)) await pipeline(fs.createReadStream(backupPath), zlib.createGunzip(), fs.createWriteStream(dest));
  else fs.copyFileSync(backupPath, dest);
}

/** Checks a database file: the answer of integrity_check, "ok" when it is sound. */
export function integrityOf(file: string, check: 'integrity_check' | 'quick_check' = 'integrity_check'): string {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(check) as Record<string, string>[];
    return rows.map((r) => Object.values(r)[0]).join('; ');
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

/**
 * Takes a snapshot of the open workspace. It is written under a temporary name, made a self-contained
 * single file (rollback journal), checked, and only then named as a backup; a failed or interrupted one
 * leaves no backup behind.
 */
export async function takeBackup(db: Db, workspacePath: string, reason: string, now = new Date()): Promise<BackupInfo> {
  const folder = backupFolder(workspacePath);
  fs.mkdirSync(folder, { recursive: true });
  const id = `${stamp(now)} ${safeReason(reason)}`;
  const target = path.join(folder, `${id}.sqlite.gz`);
  const partial = path.join(folder, `.partial-${process.pid}-${stamp(now)}.sqlite`);
  const observationCount = countFigures(db);
  try {
    // Copy every page in one step: the snapshot is of one moment even if the workspace is written meanwhile.
    await db.backup(partial, { progress: () => 2_000_000_000 });
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const integrity = integrityOf(partial);
    if (integrity !== 'ok') throw new Error(`the backup did not pass its integrity check (${integrity.slice(0, 200)})`);
    await pipeline(fs.createReadStream(partial), zlib.createGzip({ level: 1 }), fs.createWriteStream(`${partial}.gz`));
    const note: Note = { reason, createdAt: now.toISOString(), observationCount, workspace: path.basename(workspacePath) };
    fs.writeFileSync(path.join(folder, `${id}.json`), JSON.stringify(note, null, 2));
    fs.renameSync(`${partial}.gz`, target);
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(`${partial}.gz`, { force: true });
  }
  pruneBackups(workspacePath, now);
  return { id, path: target, createdAt: now.toISOString(), reason, observationCount, bytes: fs.statSync(target).size };
}

/** A copy of a file as it is, for a workspace too damaged to snapshot: kept so nothing is lost by restoring over it. */
export function copyAsIs(workspacePath: string, reason: string, now = new Date()): BackupInfo {
  const folder = backupFolder(workspacePath);
  fs.mkdirSync(folder, { recursive: true });
  const id = `${stamp(now)} ${safeReason(reason)}`;
  const target = path.join(folder, `${id}.sqlite`);
  fs.copyFileSync(workspacePath, target);
  for (const suffix of ['-wal', '-journal']) if (fs.existsSync(workspacePath + suffix)) fs.copyFileSync(workspacePath + suffix, target + suffix);
  const note: Note = { reason, createdAt: now.toISOString(), observationCount: -1, workspace: path.basename(workspacePath) };
  fs.writeFileSync(path.join(folder, `${id}.json`), JSON.stringify(note, null, 2));
  return { id, path: target, createdAt: note.createdAt, reason, observationCount: -1, bytes: fs.statSync(target).size };
}

function readNote(file: string): Note | null {
  try {
    return JSON.parse(fs.readFileSync(noteOf(file), 'utf8')) as Note;
  } catch {
    return null;
  }
}

/** A backup's details from its note, or, for a file without one, from the file itself. */
export function backupInfo(file: string): BackupInfo {
  const note = readNote(file);
  const stat = fs.statSync(file);
  let observationCount = note?.observationCount ?? -1;
  // A compressed backup without its note is not opened to count its figures: that would mean decompressing it.
  if (!note && !isCompressed(file)) {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        observationCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM observations').get()!.n;
      } finally {
        db.close();
      }
    } catch {
      observationCount = -1;
    }
  }
  return {
    id: path.basename(file).replace(BACKUP_FILE, ''),
    path: file,
    createdAt: note?.createdAt ?? stat.mtime.toISOString(),
    reason: note?.reason ?? 'copied in by hand',
    observationCount,
    bytes: stat.size,
  };
}

/** Every backup of a workspace, newest first. */
export function listBackups(workspacePath: string): BackupInfo[] {
  const folder = backupFolder(workspacePath);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => BACKUP_FILE.test(f) && !PARTIAL.test(f))
    .map((f) => backupInfo(path.join(folder, f)))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** Keeps the latest 20 and the newest of each of the last 30 days; clears what interrupted backups left. */
export function pruneBackups(workspacePath: string, now = new Date()): void {
  const folder = backupFolder(workspacePath);
  const all = listBackups(workspacePath);
  const keep = new Set(all.slice(0, KEEP_LATEST).map((b) => b.id));
  const days = new Set<string>();
  for (const b of all) {
    const day = b.createdAt.slice(0, 10);
    if (now.getTime() - Date.parse(b.createdAt) <= KEEP_DAYS * 86_400_000 && !days.has(day)) {
      days.add(day);
      keep.add(b.id);
    }
  }
  for (const b of all) {
    if (keep.has(b.id)) continue;
    fs.rmSync(b.path, { force: true });
    fs.rmSync(noteOf(b.path), { force: true });
  }
  for (const f of fs.readdirSync(folder)) {
    const file = path.join(folder, f);
    if (PARTIAL.test(f) && now.getTime() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
  }
}
