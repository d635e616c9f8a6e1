import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WorkbenchError } from '../../shared/api/errors';
import { backupFolder, backupInfo, copyAsIs, integrityOf, listBackups, plainCopyOf, takeBackup, type BackupInfo } from '../../db/backups';
import { APPLICATION_ID, fileIdentity } from '../../db/open';
import { hasFigures } from '../../db/observations';
import { loadMigrations } from '../../db/migrations';
import { logDefect } from './log';
import type { Session } from './session';
import type { Workspace } from './workspace';

/**
 * When the workspace is backed up: before every import, undo, restore and batch of figures entered by hand,
 * and at the first opening of each day. A workspace with no figures has nothing to lose and is not.
 */

/** Figures entered by hand within this long of a backup are one batch: one backup before the first. */
const HAND_ENTRY_BATCH_MS = 15 * 60_000;


/** Takes a backup before a change, unless the workspace is empty or open read-only. */
export async function backupBefore(workspace: Workspace, reason: string): Promise<BackupInfo | null> {
  if (workspace.readOnly || !hasFigures(workspace.db)) return null;
  return takeBackup(workspace.db, workspace.path, reason);
}

/** The first opening of a day backs the workspace up, so a day's work can always be taken back. */
export async function dailyBackup(workspace: Workspace, now = new Date()): Promise<BackupInfo | null> {
  if (workspace.readOnly || !hasFigures(workspace.db)) return null;
  const today = now.toISOString().slice(0, 10);
  if (listBackups(workspace.path).some((b) => b.createdAt.slice(0, 10) === today)) return null;
  return takeBackup(workspace.db, workspace.path, 'first open of the day', now);
}

/** The same, where a failure must not stop the opening: it is logged, and the next opening tries again. */
export async function dailyBackupQuietly(workspace: Workspace): Promise<void> {
  try {
    await dailyBackup(workspace);
  } catch (error) {
    logDefect(`the daily backup of ${workspace.path} failed`, error);
  }
}

export async function backupBeforeHandEntry(workspace: Workspace, now = new Date()): Promise<BackupInfo | null> {
  const latest = listBackups(workspace.path)[0];
  if (latest && now.getTime() - Date.parse(latest.createdAt) < HAND_ENTRY_BATCH_MS) return null;
  return backupBefore(workspace, 'hand entry');
}

/** A backup named by its id (as `workbench backups` lists it) or by a path to any workspace copy. */
export function findBackup(workspacePath: string, idOrPath: string): BackupInfo {
  const byId = listBackups(workspacePath).find((b) => b.id === idOrPath);
  if (byId) return byId;
  const file = path.resolve(idOrPath);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return backupInfo(file);
  throw new WorkbenchError('not_found', `There is no backup "${idOrPath.slice(0, 80)}": \`workbench backups\` lists them, in ${backupFolder(workspacePath)}.`);
}

/** Refuses a file that is not a sound copy of a workspace this version can open; errors name the backup. */
function checkRestorable(file: string, named: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const { applicationId, version } = fileIdentity(db);
    if (applicationId !== APPLICATION_ID) throw new WorkbenchError('not_a_workspace', 'is not a Performance Workbench workspace; nothing was restored.', { file: named });
    if (version > loadMigrations().length) throw new WorkbenchError('workspace_newer', 'was saved by a newer version of Performance Workbench; nothing was restored.', { file: named });
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    throw new WorkbenchError('not_a_workspace', `cannot be read as a workspace (${(error as Error).message.slice(0, 80)}); nothing was restored.`, { file: named });
  } finally {
    db?.close();
  }
  const integrity = integrityOf(file);
  if (integrity !== 'ok') throw new WorkbenchError('not_a_workspace', `is damaged (integrity check: ${integrity.slice(0, 80)}); nothing was restored.`, { file: named });
}

/**
 * The backup as a plain workspace file beside the workspace, checked, for `install` to rename over it: a
 * compressed backup is decompressed first, and never half a workspace is put in its place.
 */
async function withCheckedCopy<T>(workspacePath: string, backup: BackupInfo, install: (copy: string) => Promise<T> | T): Promise<T> {
  const copy = `${workspacePath}.restoring-${process.pid}`;
  try {
    try {
      await plainCopyOf(backup.path, copy);
    } catch (error) {
      throw new WorkbenchError('not_a_workspace', `cannot be read as a workspace backup (${(error as Error).message.slice(0, 80)}); nothing was restored.`, { file: backup.path });
    }
    checkRestorable(copy, backup.path);
    return await install(copy);
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

/**
 * Puts a backup in the workspace's place. The workspace as it stands is backed up first (copied as it is,
 * if it is too damaged to snapshot), so a restore can itself be undone by restoring that.
 */
export async function restoreBackup(session: Session, idOrPath: string): Promise<{ restored: BackupInfo; before: BackupInfo }> {
  const workspace = session.current();
  if (workspace.lockedBy) throw new WorkbenchError('conflict', `the workspace is open on ${workspace.lockedBy.machine} by ${workspace.lockedBy.user}; it can be restored only where it is open.`, { file: workspace.path });
  const backup = findBackup(workspace.path, idOrPath);
  return withCheckedCopy(workspace.path, backup, async (copy) => {
    const sound = !workspace.damaged && integrityOf(workspace.path, 'quick_check') === 'ok';
    const before = sound ? await takeBackup(workspace.db, workspace.path, beforeReason(backup)) : copyAsIs(workspace.path, 'damaged, before restore');
    session.replaceFile((file) => installCopy(copy, file));
    return { restored: backup, before };
  });
}

const beforeReason = (backup: BackupInfo) => `before restoring ${backup.createdAt.slice(0, 16).replace('T', ' ')}`;

/** The checked copy renamed over the workspace. */
function installCopy(copy: string, file: string): void {
  // A journal left beside the old file would be replayed into the restored one.
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
  fs.renameSync(copy, file);
}

/** Restores a workspace that cannot be opened at all (its file too damaged to read): file by file. */
export function restoreClosedWorkspace(workspacePath: string, idOrPath: string): Promise<{ restored: BackupInfo; before: BackupInfo }> {
  const backup = findBackup(workspacePath, idOrPath);
  return withCheckedCopy(workspacePath, backup, (copy) => {
    const before = copyAsIs(workspacePath, 'damaged, before restore');
    installCopy(copy, workspacePath);
    return { restored: backup, before };
  });
}
