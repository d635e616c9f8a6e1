#!/usr/bin/env node
// The `workbench` command: runs the command line bundled by `npm install` (scripts/build-cli.js).
import fs from 'node:fs';
import module from 'node:module';

// Node 22.1 and later keep the compiled bundle in a cache (in the temporary folder) between runs, so later
// starts skip compiling it; Node 20 has no such cache and starts as before.
module.enableCompileCache?.();

const entry = new URL('../dist/cli/workbench.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write('workbench: the command line has not been built: run `npm install` (or `npm run build:cli`) in the repository first.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
