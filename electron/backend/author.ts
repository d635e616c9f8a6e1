import os from 'node:os';

/** Who changes are recorded under: WORKBENCH_AUTHOR, else the signed-in account's name. */
export function currentAuthor(): string {
  const fromEnv = process.env.WORKBENCH_AUTHOR?.trim();
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username || 'unknown user';
  } catch {
    // Some locked-down accounts have no entry in the password database.
    return 'unknown user';
  }
}
