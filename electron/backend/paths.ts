import os from 'node:os';
import path from 'node:path';

const APP_FOLDER = 'Performance Workbench';

/**
 * Where the app keeps its own files. Matches Electron's app.getPath('userData') for this product name, so
 * that the window, the command line and the browser host all find the same workspace.
 * WORKBENCH_HOME overrides it (tests, portable installs).
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WORKBENCH_HOME) return path.resolve(env.WORKBENCH_HOME);
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_FOLDER);
    case 'darwin':
      return path.join(os.homedir(), 'Library', 'Application Support', APP_FOLDER);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_FOLDER);
  }
}

/** The app's own database: the command line's default workspace. */
export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'workspace.sqlite');
}

/** The demo workspace the app opens on first start. */
export function demoWorkspacePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'demo.sqlite');
}

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'settings.json');
}
