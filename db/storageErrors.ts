import { WorkbenchError } from '../shared/api/errors';

/**
 * SQLite's and the file system's failures as the analyst should read them: what happened to the
 * workspace, in one line, and that nothing was written (a transaction that fails is rolled back whole).
 * Anything else is left as it is, to be treated as a defect.
 */
export function storageError(error: unknown, file?: string): WorkbenchError | null {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return null;
  // A failure of the file system names the file it was about (an export, a backup folder, a template): that
  // file, not the workspace, is what could not be written, and the message says so.
  const path = (error as { path?: unknown }).path;
  if (typeof path === 'string' && !code.startsWith('SQLITE')) return fileError(code, path, (error as { syscall?: unknown }).syscall);
  const where = file ? { file } : undefined;
  switch (code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_BUSY_SNAPSHOT':
    case 'SQLITE_BUSY_TIMEOUT':
    case 'SQLITE_LOCKED':
      return new WorkbenchError('conflict', 'the workspace is busy: an import is running in another window or command; try again when it has finished. Nothing was written.', where);
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return new WorkbenchError('conflict', 'the disk is full: nothing was written, and the workspace is as it was. Free some space and try again.', where);
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DBMOVED':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_READONLY_CANTLOCK':
    case 'SQLITE_READONLY_RECOVERY':
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new WorkbenchError('conflict', 'the workspace cannot be written: it is open read-only, or its file or folder is read-only. Nothing was written.', where);
    case 'SQLITE_CANTOPEN':
      return new WorkbenchError('conflict', 'the workspace file cannot be opened (its folder may be missing, read-only or offline).', where);
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new WorkbenchError('not_a_workspace', 'the workspace file is damaged: restore its latest good backup (Workspace menu, or `workbench backups` and `workbench restore`).', where);
    case 'SQLITE_IOERR':
      return new WorkbenchError('conflict', 'the workspace could not be read or written (a disk or network error): nothing was written. If it is on a network or synced folder, check the connection.', where);
    default:
      if (code.startsWith('SQLITE_IOERR')) return new WorkbenchError('conflict', 'the workspace could not be read or written (a disk or network error): nothing was written.', where);
      return null;
  }
}

/** Why the file system refused, in words; the code stays at the end for whoever supports the analyst. */
const FILE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted there',
  EROFS: 'it is on a read-only disk',
  ENOSPC: 'the disk is full',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EISDIR: 'it is a folder',
  EBUSY: 'it is open in another program',
  EEXIST: 'it already exists',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'its name is too long',
};

function fileError(code: string, path: string, syscall: unknown): WorkbenchError {
  // Making a folder where a file stands fails as "it exists".
  const why = code === 'EEXIST' && syscall === 'mkdir' ? 'a file stands where a folder is needed' : (FILE_ERRORS[code] ?? 'the system refused');
  return new WorkbenchError('conflict', `${path} could not be written or read: ${why} (${code}). Nothing was changed in the workspace.`, { file: path });
}
