import fs from 'node:fs';
import { demoWorkspacePath } from './paths';
import { readSettings, writeSettings } from './settings';
import { createWorkspace, openWorkspace, type Workspace } from './workspace';

/**
 * The workspace the app opens on: the one used last, or on a first start the demo workspace, created
 * if need be. A last workspace that has since gone falls back to the demo rather than failing to start.
 */
export function openStartupWorkspace(options: { nativeBinding?: string } = {}): Workspace {
  const { lastWorkspace } = readSettings();
  if (lastWorkspace && fs.existsSync(lastWorkspace)) {
    try {
      return openWorkspace(lastWorkspace, options);
    } catch (error) {
      console.error(`Could not reopen ${lastWorkspace}; opening the demo workspace instead.`, error);
    }
  }
  const demo = demoWorkspacePath();
  return fs.existsSync(demo) ? openWorkspace(demo, options) : createWorkspace(demo, { demo: true, ...options });
}

export function rememberWorkspace(workspace: Workspace): void {
  writeSettings({ ...readSettings(), lastWorkspace: workspace.path });
}
