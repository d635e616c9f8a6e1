// Builds better-sqlite3 for Electron's Node ABI into .cache/electron-native/, leaving node_modules'
// build (for plain Node: the command line, the browser host and the tests) as it is. The Electron main
// process loads this copy through better-sqlite3's nativeBinding option when run from source.
// Packaged builds do not need it: electron-builder rebuilds the module for Electron as it packages.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const cache = path.join(root, '.cache', 'electron-native');
const target = path.join(cache, 'better_sqlite3.node');
const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const stamp = path.join(cache, 'stamp.json');
const wanted = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch: process.arch });

if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) process.exit(0);

// electron-builder's rebuild tool (@electron/rebuild 4) needs Node 22.12 or later.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Building the SQLite module for Electron needs Node 22.12 or later; this is Node ${process.versions.node}.`);
  process.exit(3);
}

console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}…`);
const work = path.join(cache, 'project');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), path.join(work, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
});
fs.writeFileSync(
  path.join(work, 'package.json'),
  JSON.stringify({ name: 'electron-native', version: '1.0.0', dependencies: { 'better-sqlite3': sqliteVersion }, devDependencies: { electron: electronVersion } }),
);
const builder = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
execFileSync(process.execPath, [builder, 'install-app-deps'], { cwd: work, stdio: 'inherit' });
fs.copyFileSync(path.join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, wanted);
console.log(`Wrote ${path.relative(root, target)}`);
