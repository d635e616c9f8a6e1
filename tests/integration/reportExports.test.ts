import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, withApi } from '../checkedApi';
import { createSession } from '../../electron/backend/session';
import { openWorkspace } from '../../electron/backend/workspace';
import { cli } from './cliHarness';
import { reviseMonth, SOURCE_AUTHOR, SOURCE_FORCE, sourceReportWorkspace, tempDir } from './workspaceFixtures';

let dir: string;
let pristine: string;
let bare: string;

beforeAll(() => {
  dir = tempDir();
  pristine = sourceReportWorkspace(dir);
  fs.mkdirSync(path.join(dir, 'bare'));
  bare = sourceReportWorkspace(path.join(dir, 'bare'), { settings: false });
});
afterAll(() => process.env.KEEP_DIR ? console.log(dir) : fs.rmSync(dir, { recursive: true, force: true }));

/** A copy of a workspace in a folder of its own, so that its Reports folder is its own too. */
function copy(name: string, from = pristine): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const file = path.join(folder, 'workspace.sqlite');
  fs.copyFileSync(from, file);
  return file;
}


const saveParagraphs = (api: ReturnType<typeof createApi>, paragraphs: { id: string; section: number; kpiId: string | null; text: string }[]) =>
  api['report.save']({ period: 'Q1 2019/20', changes: { paragraphs: paragraphs.map(({ id, section, kpiId, text }) => ({ id, section, kpiId, text })) } });

describe('exports never overwrite silently', () => {
  it('writes each export to a new file, counting on, and lists each file once with its version and time', async () => {
    const file = copy('counter');
    await withApi(file, async (api) => {
      await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      const first = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
      const second = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
      const final = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'final' });
      const reports = path.join(path.dirname(file), 'Reports');
      expect([first.path, second.path, final.path]).toEqual([
        path.join(reports, 'Force Performance Report Q1 2019-20 draft.html'),
        path.join(reports, 'Force Performance Report Q1 2019-20 draft 2.html'),
        path.join(reports, 'Force Performance Report Q1 2019-20 final.html'),
      ]);
      expect(fs.readdirSync(reports).sort()).toEqual(['Force Performance Report Q1 2019-20 draft 2.html', 'Force Performance Report Q1 2019-20 draft.html', 'Force Performance Report Q1 2019-20 final.html']);
      // A file taken away is not reused: the list would otherwise name one path twice.
      fs.rmSync(first.path);
      const third = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
      expect(path.basename(third.path)).toBe('Force Performance Report Q1 2019-20 draft 3.html');
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(view.exports.map((e) => [e.fileName, e.version, e.exists, e.replaced, e.changedFigures, e.changedSentences])).toEqual([
        ['Force Performance Report Q1 2019-20 draft 3.html', 'draft', true, 0, 0, 0],
        ['Force Performance Report Q1 2019-20 final.html', 'final', true, 0, 0, 0],
        ['Force Performance Report Q1 2019-20 draft 2.html', 'draft', true, 0, 0, 0],
        ['Force Performance Report Q1 2019-20 draft.html', 'draft', false, 0, 0, 0],
      ]);
      expect(view.exports.every((e) => /^\d{4}-\d{2}-\d{2}T/.test(e.createdAt))).toBe(true);
    });
  });

  it('refuses a named file that exists, leaving it as it was, unless asked to replace it; the list still shows it once', async () => {
    const file = copy('replace');
    const target = path.join(path.dirname(file), 'Panel.html');
    fs.writeFileSync(target, 'the analyst’s own file');
    await withApi(file, async (api) => {
      await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      await expect(api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft', path: target })).rejects.toThrow('the file already exists and was left as it was');
      expect(fs.readFileSync(target, 'utf8')).toBe('the analyst’s own file');
      await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft', path: target, replace: true });
      await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'final', path: target, replace: true });
      expect(fs.readFileSync(target, 'utf8')).toContain('<dt>Version</dt><dd>Final</dd>');
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(view.exports.map((e) => [e.fileName, e.version, e.replaced])).toEqual([['Panel.html', 'final', 1]]);
      const found = await api['exports.file']({ kind: 'report', id: view.exports[0].id });
      expect(found).toEqual({ path: target, fileName: 'Panel.html', exists: true, unchanged: true });
      fs.appendFileSync(target, '<!-- edited by hand -->');
      expect((await api['exports.file']({ kind: 'report', id: view.exports[0].id })).unchanged).toBe(false);
    });
  });

  it('workbench report --out FILE refuses an existing FILE with exit 2 and one line, unless --force', async () => {
    const file = copy('cli');
    const out = path.join(path.dirname(file), 'Q1.docx');
    fs.writeFileSync(out, 'not to be touched');
    const refused = await cli('report', '--db', file, '--period', 'Q1 2019/20', '--out', out);
    expect(refused).toEqual({ status: 2, out: '', err: `workbench: ${out}: the file already exists and was left as it was; choose another name, or ask to replace it (--force).\n` });
    expect(fs.readFileSync(out, 'utf8')).toBe('not to be touched');
    const forced = await cli('report', '--db', file, '--period', 'Q1 2019/20', '--out', out, '--force');
    expect(forced.status).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    // Returns and KPI tables keep the same rule.
    const tables = path.join(path.dirname(file), 'tables.csv');
    expect((await cli('export', '--db', file, '--period', 'Q1 2019/20', '--out', tables)).status).toBe(0);
    const again = await cli('export', '--db', file, '--period', 'Q1 2019/20', '--out', tables);
    expect([again.status, again.err.trimEnd().split('\n').length]).toEqual([2, 1]);
    expect((await cli('export', '--db', file, '--period', 'Q1 2019/20', '--out', tables, '--force')).status).toBe(0);
  });
});

describe('the cover names the force and the author from the workspace’s settings', () => {
  it('puts both on the Word cover, with one number per paragraph and the live figures’ values in the text', async () => {
    const file = copy('cover');
    const out = path.join(path.dirname(file), 'cover.docx');
    let paragraphs = 0;
    await withApi(file, async (api) => {
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(view.author).toBe(SOURCE_AUTHOR);
      const crime = view.paragraphs.find((p) => p.kpiId === 'all-crime')!;
      paragraphs = view.paragraphs.length;
      await saveParagraphs(
        api,
        view.paragraphs.map((p) => (p.id === crime.id ? { ...p, text: '**Crime** {{all-crime.changed}} by {{all-crime.difference}}:\n- *{{all-crime.changePercent}}* on last year\n- to {{all-crime.current}}' } : p)),
      );
    });
    expect((await cli('report', '--db', file, '--period', 'Q1 2019/20', '--out', out)).status).toBe(0);
    const text = (await mammoth.extractRawText({ path: out })).value;
    const html = (await mammoth.convertToHtml({ path: out })).value;
    expect(text).toContain(`Force: ${SOURCE_FORCE}`);
    expect(text).toContain(`Author: ${SOURCE_AUTHOR}`);
    expect(text).not.toMatch(/Author: (root|unknown user)/);
    // Every numbered paragraph carries its paragraph number alone: never "5.9 5.6 …".
    const numbered = text.split('\n').filter((line) => /^\d\.\d+\t/.test(line));
    expect(numbered).toHaveLength(paragraphs);
    for (const line of numbered) expect(line).not.toMatch(/^\d\.\d+\t\d\.\d+\b/);
    // The paragraph number is bold too, so Word's reader merges the two bold runs.
    expect(html).toContain('<p><strong>3.1\tCrime</strong> increased by 922:</p>');
    expect(html).toMatch(/<ul><li><em>\+4%<\/em> on last year<\/li><li>to 23,871<\/li><\/ul>/);
  });

  it('never takes the computer’s account as author: a workspace without settings has no author, and export says what to set', async () => {
    const file = copy('unset', bare);
    await withApi(file, async (api) => {
      const settings = await api['settings.get']({});
      expect([settings.forceName, settings.author]).toEqual([null, null]);
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(view.author).toBe('');
      expect(view.forceName).toBeNull();
      await expect(api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' })).rejects.toThrow('The cover needs the force’s name: set it in Settings');
      await api['settings.set']({ forceName: SOURCE_FORCE });
      await expect(api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' })).rejects.toThrow('The cover needs an author');
      await api['report.save']({ period: 'Q1 2019/20', changes: { author: 'Head of Performance' } });
      const written = await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
      expect(fs.readFileSync(written.path, 'utf8')).toContain(`<dt>Force</dt><dd>${SOURCE_FORCE}</dd>`);
    });
    expect(fs.readdirSync(path.join(path.dirname(file), 'Reports'))).toHaveLength(1);
  });

  it('asks for them when a workspace is created, and the command line shows and sets them', async () => {
    const folder = path.join(dir, 'created');
    fs.mkdirSync(folder);
    const file = path.join(folder, 'new.sqlite');
    const session = createSession(openWorkspace(pristine));
    try {
      await createApi(session)['workspace.create']({ path: file, demo: false, settings: { forceName: 'Kent Police', author: 'Performance Manager' } });
    } finally {
      session.close();
    }
    const shown = await cli('settings', '--db', file, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ forceName: 'Kent Police', author: 'Performance Manager', marking: 'OFFICIAL' });
    expect((await cli('settings', '--db', file, '--marking', 'OFFICIAL-SENSITIVE')).status).toBe(0);
    expect(JSON.parse((await cli('settings', '--db', file, '--json')).out).marking).toBe('OFFICIAL-SENSITIVE');
  });
});

describe('what changed since the last export', () => {
  it('counts one sentence when a redraft after a new annotation adds one, not every sentence of the paragraph', async () => {
    const file = copy('redraft');
    await withApi(file, async (api) => {
      await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
      await api['annotations.create']({ scope: 'kpis', kpiIds: ['all-crime'], from: '2019-05', to: '2019-05', category: 'operational', text: 'Operation Lionheart began' });
      const redrafted = await api['report.redraft']({ period: 'Q1 2019/20', kpiId: 'all-crime' });
      expect(redrafted.changes!.sentences).toEqual([{ paragraph: '3.1', kind: 'added', before: null, after: 'Operation Lionheart began.' }]);
    });
  });

  it('marks the paragraph of a KPI given an annotation after drafting, until its sentence is inserted or it is left out', async () => {
    const file = copy('notices');
    const lionheart = { scope: 'kpis' as const, kpiIds: ['all-crime'], from: '2019-05', to: '2019-06', category: 'operational' as const, text: 'Operation Lionheart targeted drug supply' };
    await withApi(file, async (api) => {
      const drafted = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(drafted.notices).toEqual([]);
      await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
      const a = await api['annotations.create'](lionheart);
      // Outside the period, or about another KPI's months elsewhere: nothing to mark.
      await api['annotations.create']({ ...lionheart, from: '2018-05', to: '2018-05', text: 'A year earlier' });
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      const paragraph = view.paragraphs.find((p) => p.kpiId === 'all-crime')!;
      expect(view.notices).toEqual([
        { paragraphId: paragraph.id, kpiId: 'all-crime', annotationId: a.id, label: `A${a.id}`, sentence: 'Operation Lionheart targeted drug supply.', message: `A new annotation applies: A${a.id} “Operation Lionheart targeted drug supply.”` },
      ]);
      expect(paragraph.number).toBe('3.1');
    });
    // The command line names it against the paragraph, and inserts it on request.
    const check = await cli('report', '--db', file, '--period', 'Q1 2019/20', '--check');
    expect(check.status).toBe(0);
    expect(check.err).toMatch(/^workbench: paragraph 3\.1: A new annotation applies: A\d+ “Operation Lionheart targeted drug supply\.” \(--annotations insert or leave-out\)\n$/);
    const inserted = await cli('report', '--db', file, '--period', 'Q1 2019/20', '--check', '--annotations', 'insert', '--json');
    expect(JSON.parse(inserted.out).notices).toEqual([]);
    await withApi(file, async (api) => {
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(view.paragraphs.find((p) => p.kpiId === 'all-crime')!.text).toMatch(/\. Operation Lionheart targeted drug supply\.$/);
      // Since the last export: one sentence added, nothing else.
      expect(view.changes!.sentences).toEqual([{ paragraph: '3.1', kind: 'added', before: null, after: 'Operation Lionheart targeted drug supply.' }]);
      // Rewritten, it is named again (the paragraph says what it used to); left out, it is not, and stays left out.
      const a = view.annotations.find((x) => x.text.startsWith('Operation Lionheart'))!;
      await api['annotations.update']({ id: a.id, fields: { ...lionheart, text: 'Operation Lionheart targeted county lines' } });
      const changed = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(changed.notices.map((n) => n.message)).toEqual([`A new annotation applies: A${a.id} “Operation Lionheart targeted county lines.”`]);
      await api['report.save']({ period: 'Q1 2019/20', changes: { leftOut: [a.id] } });
      const left = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect([left.notices, left.leftOut]).toEqual([[], [a.id]]);
    });
  });

  it('lists the figures a re-import revised and the sentences they or an edit changed', async () => {
    const file = copy('changes');
    await withApi(file, async (api) => {
      const view = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(view.changes).toBeNull();
      await api['report.export']({ period: 'Q1 2019/20', format: 'html', version: 'draft' });
      const unchanged = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      expect(unchanged.changes).toMatchObject({ since: { version: 'draft', fileName: 'Force Performance Report Q1 2019-20 draft.html' }, figures: [], sentences: [] });
    });
    // A re-import revises June 2019's crime, and the analyst rewrites the 999 paragraph.
    reviseMonth(file, 'all-crime', '2019-06', 29);
    await withApi(file, async (api) => {
      const before = await api['report.open']({ period: 'Q1 2019/20', start: 'draft' });
      const calls = before.paragraphs.find((p) => p.kpiId === 'calls-999')!;
      const after = await saveParagraphs(api, before.paragraphs.map((p) => (p.id === calls.id ? { ...p, text: 'Demand for 999 rose by {{calls-999.difference}}.' } : p)));
      const changes = after.changes!;
      expect(changes.figures).toEqual([
        { table: '3. Crime: Q1 2019/20 compared with Q1 2018/19', row: '3.1 All Crime', column: 'Performance Q1 19/20', before: '23,871', after: '23,900' },
        { table: '3. Crime: Q1 2019/20 compared with Q1 2018/19', row: '3.1 All Crime', column: 'Volume Change', before: '+922', after: '+951' },
      ]);
      const crime = after.paragraphs.find((p) => p.kpiId === 'all-crime')!;
      expect(changes.sentences).toContainEqual({
        paragraph: crime.number,
        kind: 'figures',
        before: 'All crime increased by 922 (+4%) when compared to the same quarter of the last financial year, from 22,949 to 23,871.',
        after: 'All crime increased by 951 (+4%) when compared to the same quarter of the last financial year, from 22,949 to 23,900.',
      });
      expect(changes.sentences).toContainEqual(expect.objectContaining({ paragraph: calls.number, kind: 'edited', after: 'Demand for 999 rose by 3,857.' }));
      expect(changes.sentences.every((s) => s.paragraph === crime.number || s.paragraph === calls.number)).toBe(true);
      expect(after.exports[0]).toMatchObject({ changedFigures: 2, changedSentences: changes.sentences.length });
    });
  });
});
