// Bundles the Electron main process (ES module) and the sandboxed preload script (CommonJS, which is all
// a sandboxed preload may be) into dist/electron. better-sqlite3 and resvg stay external: they are native
// modules; playwright-core too, which only the command line and browser host load, to print PDFs; and
// exceljs, a CommonJS package whose require() of Node's built-ins an ES-module bundle cannot make.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'playwright-core', 'exceljs'] };

await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.mjs', format: 'esm' });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' });
console.log('Built dist/electron/main.mjs and dist/electron/preload.cjs');
