import fs from 'node:fs';
import path from 'node:path';
import { backupFolder } from '../../db/backups';
import { quickCheck, type Db } from '../../db/open';

/** What the check needs of a workspace (taken by shape, so that this module does not import workspace.ts, which calls it). */
interface CheckedWorkspace {
  path: string;
  db: Db;
  readOnly?: string;
}

/**
 * SQLite's quick_check of a workspace as it opens. On a large workspace it reads every page (seconds), so a
 * file found sound is remembered by its size and time, with its journal's: opened again unchanged, it is
 * not read again; any change, by this app or another, and it is.
 */

/**
 * The file's size and time, and its write-ahead log's size: opening makes a new, empty log each time, so
 * the log's time would say "changed" when nothing was.
 */
function fingerprint(file: string): string {
  const stat = (f: string) => {
    try {
      return fs.statSync(f);
    } catch {
      return null;
    }
  };
  const main = stat(file);
  return `${main?.size}:${main?.mtimeMs}|${stat(`${file}-wal`)?.size ?? 0}`;
}

const markerPath = (file: string) => path.join(backupFolder(file), '.checked.json');

function remembered(file: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(markerPath(file), 'utf8')) as { fingerprint: string }).fingerprint;
  } catch {
    return null;
  }
}

/** What quick_check found wrong, or null when the workspace is sound. */
export function checkIntegrity(workspace: CheckedWorkspace): string | null {
  const before = fingerprint(workspace.path);
  if (remembered(workspace.path) === before) return null;
  let found: string;
  try {
    found = quickCheck(workspace.db);
  } catch (error) {
    found = (error as Error).message;
  }
  if (found !== 'ok') return found;
  if (!workspace.readOnly) {
    try {
      fs.mkdirSync(backupFolder(workspace.path), { recursive: true });
      fs.writeFileSync(markerPath(workspace.path), JSON.stringify({ fingerprint: before, checkedAt: new Date().toISOString() }));
    } catch {
      // A folder that cannot be written means checking again next time, nothing worse.
    }
  }
  return null;
}
