// Bundles the command line once, so `workbench` starts without compiling TypeScript (run by `npm install`
// through the `prepare` script, and by `npm run build`). Code split: what only some commands need (the
// import's readers, ECharts, docx, ExcelJS) is loaded by the command that needs it, not at every start.
// Native modules, playwright-core (PDF printing) and ExcelJS (a CommonJS package whose require() of Node's
// built-ins an ES-module bundle cannot make) stay in node_modules.
import fs from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a hash of their content: without a clean folder, every build would leave the last one's.
fs.rmSync('dist/cli', { recursive: true, force: true });

await build({
  entryPoints: { workbench: 'electron/cli.ts', readWorker: 'electron/backend/import/readWorker.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // NO_MINIFY=1 keeps the functions' names, for reading a CPU profile of the command.
  minify: !process.env.NO_MINIFY,
  sourcemap: true,
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  // The reading worker is its own file beside the command line (electron/backend/import/readWorkbook.ts).
  define: { __WORKBENCH_READ_WORKER__: JSON.stringify('dist/cli/readWorker.js') },
  external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'playwright-core', 'exceljs'],
  // Some bundled CommonJS code calls require() for Node's built-ins; give the ES module a require to call.
  banner: { js: "import { createRequire as __workbenchRequire } from 'node:module'; const require = __workbenchRequire(import.meta.url);" },
});
console.log('Built dist/cli/workbench.js');
