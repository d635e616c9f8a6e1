import { createApi } from './electron/backend/api';
import { createSession } from './electron/backend/session';
import { openWorkspace } from './electron/backend/workspace';
const api = createApi(createSession(openWorkspace('/tmp/rep.sqlite')));
const t = performance.now();
const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
console.log('open', (performance.now() - t).toFixed(0), 'ms', view.paragraphs.length, 'paragraphs', view.issues.length, 'issues');
for (const p of view.paragraphs.slice(0, 6)) console.log(p.number, p.rendered);
for (const f of ['html', 'docx', 'pdf'] as const) {
  const t2 = performance.now();
  const r = await api['report.export']({ period: 'Q1 2019/20', format: f, version: 'draft', path: `/tmp/rep-out/report.${f}` });
  console.log(f, (performance.now() - t2).toFixed(0), 'ms', r.path);
}
