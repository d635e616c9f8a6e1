// Bundles the Electron main process (ES module) and the sandboxed preload script (CommonJS, which is all
// a sandboxed preload may be) into dist/electron. better-sqlite3 and resvg stay external: they are native
// modules; playwright-core too, which only the command line and browser host load, to print PDFs; and
// exceljs, a CommonJS package whose require() of Node's built-ins an ES-module bundle cannot make.
import { build } from 'esbuild';

// Bundled CommonJS code may call require() for Node's built-ins; an ES module has none of its own.
const banner = { js: "import { createRequire as __workbenchRequire } from 'node:module'; const require = __workbenchRequire(import.meta.url);" };
// minifySyntax (as the command line's full minify has it): bundled so, Papa Parse reads a 500,000-record CSV
// in 1.6 s and 350 MB rather than 2.5 s and 580 MB (measured; its syntax alone makes the difference to V8).
// Names are kept, for readable stack traces in the log.
const common = { bundle: true, minifySyntax: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'playwright-core', 'exceljs'] };

// The reading worker is a file of its own: spreadsheets are read in a worker thread with a deadline and a
// memory ceiling (electron/backend/import/readWorkbook.ts), unpacked from the archive when packaged.
const define = { __WORKBENCH_READ_WORKER__: JSON.stringify('dist/electron/readWorker.mjs') };
await build({ ...common, define, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.mjs', format: 'esm' });
await build({ ...common, define, entryPoints: ['electron/backend/import/readWorker.ts'], outfile: 'dist/electron/readWorker.mjs', format: 'esm', banner });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' });
console.log('Built dist/electron/main.mjs, readWorker.mjs and preload.cjs');
