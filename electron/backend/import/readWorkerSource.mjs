// The reading worker run from TypeScript source (the tests, `node --import tsx`); the command line and the
// app run the bundled dist/…/readWorker.js instead. tsx is a development dependency.
import { register } from 'tsx/esm/api';

register();
await import('./readWorker.ts');
