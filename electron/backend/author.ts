import os from 'node:os';
import { getMeta } from '../../db/meta';
import type { Db } from '../../db/open';

/** Recorded where no one has said who they are: never the computer's account name unasked. */
export const AUTHOR_NOT_SET = 'author not set';

/**
 * Who changes are recorded under: WORKBENCH_AUTHOR when the user set it, else the workspace's default
 * author (Settings).
 */
export function currentAuthor(workspace: { db: Db }): string {
  return process.env.WORKBENCH_AUTHOR?.trim() || getMeta(workspace.db, 'author')?.trim() || AUTHOR_NOT_SET;
}

/** The signed-in account's name, offered on the Settings page for the user to choose, never taken unasked. */
export function accountName(): string | null {
  try {
    return os.userInfo().username || null;
  } catch {
    // Some locked-down accounts have no entry in the password database.
    return null;
  }
}
