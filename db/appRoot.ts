import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding the app's package.json, db/migrations and resources/: the repository when run from
 * source or by the CLI, and app.asar when packaged. Found by walking up from this module, which sits in
 * db/ from source and in dist/electron/ once bundled.
 */
export function appRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'performance-workbench') {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Performance Workbench could not find its own files (package.json).');
    dir = parent;
  }
}

export function appPath(...parts: string[]): string {
  return path.join(appRoot(), ...parts);
}
