import fs from 'node:fs';
import path from 'node:path';
import { userDataDir } from './paths';

/** Where defects are written in full: the user sees one line, the log keeps the trace. */
export function logFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'logs', 'workbench.log');
}

/** Keeps the log small: once it passes this size it is moved aside (one earlier file is kept). */
const LOG_LIMIT_BYTES = 2 * 1024 * 1024;

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Appends a defect to the log file; never throws (a log that cannot be written must not hide the error). */
export function logDefect(message: string, error: unknown, file = logFilePath()): string {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file) && fs.statSync(file).size > LOG_LIMIT_BYTES) fs.renameSync(file, `${file}.1`);
    fs.appendFileSync(file, `${new Date().toISOString()} ${message}\n${describe(error)}\n\n`);
  } catch {
    // Nowhere to write: the one-line message the user sees still names the problem.
  }
  return file;
}
