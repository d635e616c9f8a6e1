import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';

/**
 * Exports never write over a file unasked: a name chosen by the workbench gets a counter ("… draft 2.docx"),
 * and a name the user gave is refused when the file is there, unless they asked to replace it.
 */

/** Characters Windows, macOS and Linux all accept in a file name. */
export function safeFileStem(text: string): string {
  return text.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').trim();
}

/** The first of "stem.ext", "stem 2.ext", "stem 3.ext" … that is neither on disk nor named by an earlier export. */
export function freeExportPath(folder: string, stem: string, extension: string, taken: Iterable<string> = []): string {
  const used = new Set([...taken].map((p) => path.resolve(p).toLowerCase()));
  for (let n = 1; ; n++) {
    const file = path.join(folder, `${safeFileStem(stem)}${n === 1 ? '' : ` ${n}`}.${extension}`);
    if (!fs.existsSync(file) && !used.has(path.resolve(file).toLowerCase())) return file;
  }
}

function refusal(file: string): WorkbenchError {
  return new WorkbenchError('conflict', 'the file already exists and was left as it was; choose another name, or ask to replace it (--force).', { file });
}

/** Refuses early, before any work, when the file is there and replacing was not asked for. */
export function checkExportTarget(file: string, replace: boolean): void {
  if (!replace && fs.existsSync(file)) throw refusal(file);
}

/**
 * Writes an export. Replacing renames a finished temporary file over the old one; otherwise the file is
 * created only if it still does not exist (a hard link fails rather than replaces), so two exports at once
 * cannot write over each other either.
 */
export function writeExportFile(file: string, data: Buffer, replace: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data);
  try {
    if (replace) {
      fs.renameSync(temp, file);
      return;
    }
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw refusal(file);
      // Some network and FAT drives have no hard links: copy, still refusing to replace.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
      try {
        fs.copyFileSync(temp, file, fs.constants.COPYFILE_EXCL);
      } catch (copyError) {
        if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') throw refusal(file);
        throw copyError;
      }
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
