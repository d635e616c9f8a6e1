import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where a workspace file lies, and so how it may be written. SQLite's write-ahead log needs shared memory
 * that network file systems do not give, and a sync client (OneDrive, Dropbox …) copies a database's files
 * one at a time: on either, the workspace uses the rollback journal, one file, and a lock file says who has
 * it open.
 */

export type LocationKind = 'local' | 'network' | 'sync-folder';

export interface WorkspaceLocation {
  kind: LocationKind;
  /** What told: "OneDrive folder", "NFS", "network path (UNC)". */
  detail: string;
}

/** Linux statfs f_type magic numbers of network and user-space file systems. */
export const NETWORK_FILE_SYSTEMS: Record<number, string> = {
  0x6969: 'NFS',
  0x517b: 'SMB',
  0xff534d42: 'CIFS',
  0xfe534d42: 'SMB2',
  0x65735546: 'FUSE (often a sync client or network mount)',
  0x01021997: '9P',
  0x00c36400: 'Ceph',
  0x5346414f: 'AFS',
};

/** Folder names sync clients use, anywhere in the path. */
const SYNC_FOLDERS: [RegExp, string][] = [
  [/^onedrive( - .+)?$/i, 'OneDrive'],
  [/^sharepoint( - .+)?$/i, 'SharePoint'],
  [/^dropbox( \(.+\))?$/i, 'Dropbox'],
  [/^google ?drive$/i, 'Google Drive'],
  [/^my drive$/i, 'Google Drive'],
  [/^icloud ?drive$/i, 'iCloud Drive'],
  [/^com~apple~clouddocs$/i, 'iCloud Drive'],
  [/^box( sync| drive)?$/i, 'Box'],
];

/** Environment variables sync clients set to their folders (Windows sets the OneDrive ones). */
const SYNC_VARIABLES: [string, string][] = [
  ['OneDrive', 'OneDrive'],
  ['OneDriveCommercial', 'OneDrive'],
  ['OneDriveConsumer', 'OneDrive'],
  ['DROPBOX_PATH', 'Dropbox'],
  ['GOOGLE_DRIVE_PATH', 'Google Drive'],
];

export interface LocationProbe {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** statfs f_type of the folder, where the platform gives one. */
  fileSystemType?: number;
  /** The folder resolved to its real place (a mapped drive may resolve to a UNC path). */
  realPath?: string;
}

const isUnc = (p: string) => /^(\\\\|\/\/)(?!\?\\[A-Za-z]:)[^\\/]+[\\/]/.test(p) || /^\\\\\?\\UNC\\/i.test(p);

/** Decides where a path lies from what the machine says of it: the rules, separate from asking. */
export function classifyLocation(file: string, probe: LocationProbe): WorkspaceLocation {
  const paths = [file, probe.realPath].filter((p): p is string => !!p);
  for (const p of paths) if (isUnc(p)) return { kind: 'network', detail: 'network path (UNC)' };
  const separator = probe.platform === 'win32' ? /[\\/]/ : /\//;
  const norm = (p: string) => (probe.platform === 'win32' ? p.replace(/\//g, '\\').toLowerCase() : p);
  for (const [name, client] of SYNC_VARIABLES) {
    const folder = probe.env[name];
    if (!folder) continue;
    const base = norm(folder).replace(/[\\/]+$/, '');
    if (paths.some((p) => norm(p).startsWith(base + (probe.platform === 'win32' ? '\\' : '/')))) return { kind: 'sync-folder', detail: `${client} folder` };
  }
  for (const p of paths) {
    for (const part of p.split(separator)) {
      const found = SYNC_FOLDERS.find(([pattern]) => pattern.test(part));
      if (found) return { kind: 'sync-folder', detail: `${found[1]} folder` };
    }
  }
  if (probe.fileSystemType !== undefined && NETWORK_FILE_SYSTEMS[probe.fileSystemType]) return { kind: 'network', detail: NETWORK_FILE_SYSTEMS[probe.fileSystemType] };
  return { kind: 'local', detail: 'local disk' };
}

/** Where a workspace file lies, asking this machine. */
export function workspaceLocation(file: string): WorkspaceLocation {
  const folder = path.dirname(path.resolve(file));
  let fileSystemType: number | undefined;
  let realPath: string | undefined;
  try {
    // On Linux f_type names the file system; elsewhere it means nothing to compare with.
    if (process.platform === 'linux') fileSystemType = fs.statfsSync(folder).type >>> 0;
  } catch {
    fileSystemType = undefined;
  }
  try {
    realPath = path.join(fs.realpathSync.native(folder), path.basename(file));
  } catch {
    realPath = undefined;
  }
  return classifyLocation(path.resolve(file), { platform: process.platform, env: process.env, fileSystemType, realPath });
}

/** Who has a workspace open, written beside it while it is open off the local disk. */
export interface LockHolder {
  user: string;
  machine: string;
  pid: number;
  since: string;
}

export const lockPath = (file: string) => `${file}.lock`;

function me(): LockHolder {
  let user = 'unknown user';
  try {
    user = os.userInfo().username || user;
  } catch {
    // Some locked-down accounts have no entry in the password database.
  }
  return { user, machine: os.hostname(), pid: process.pid, since: new Date().toISOString() };
}

function readLock(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(lockPath(file), 'utf8')) as LockHolder;
    return typeof holder.machine === 'string' && typeof holder.pid === 'number' ? holder : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the workspace's lock file, or says who holds it. A lock left by a process of this machine that has
 * ended is taken over; one from another machine is respected (that machine may be asleep, not gone).
 */
export function takeLock(file: string): { held: true; release: () => void } | { held: false; holder: LockHolder } {
  const mine = me();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath(file), JSON.stringify(mine, null, 2), { flag: 'wx' });
      return {
        held: true,
        release: () => {
          if (readLock(file)?.pid === mine.pid && readLock(file)?.machine === mine.machine) fs.rmSync(lockPath(file), { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(file);
      const stale = !holder || (holder.machine === mine.machine && (holder.pid === mine.pid || !alive(holder.pid)));
      if (!stale) return { held: false, holder };
      fs.rmSync(lockPath(file), { force: true });
    }
  }
  return { held: false, holder: readLock(file) ?? mine };
}
