import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes to a temporary file beside the target and renames it over the target: a crash or a failed write
 * leaves the old file or none, never half a file.
 */
export function writeFileAtomically(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}

/** The SHA-256 of bytes or text, in hex: what every file the workbench reads or writes is recorded by. */
export function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
