#!/usr/bin/env node
// The `workbench` command: runs the command line bundled by `npm install` (scripts/build-cli.js).
import fs from 'node:fs';

const entry = new URL('../dist/cli/workbench.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write('workbench: the command line has not been built: run `npm install` (or `npm run build:cli`) in the repository first.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
