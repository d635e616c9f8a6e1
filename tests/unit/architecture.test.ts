import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The rules of ../shared/ARCHITECTURE.md, checked on every import of every source file, as VS Code's
 * layering lint does: dependencies point one way (renderer → shared; electron → db → shared; shared imports
 * nothing of ours and nothing of Node's), no module imports another that leads back to it (type-only imports
 * included), and only the Electron shell imports Electron.
 */

const ROOT = path.resolve('.');
const LAYERS = ['shared', 'db', 'electron', 'renderer'] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import of ours. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  shared: ['shared'],
  db: ['db', 'shared'],
  electron: ['electron', 'db', 'shared'],
  renderer: ['renderer', 'shared'],
};

/** The files of the Electron shell, the only ones that may import 'electron'. */
const SHELL = new Set(['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/security.ts']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every module a file names in an import, export … from, or dynamic import, type-only ones included. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const specifiers: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) specifiers.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) specifiers.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(m[1]);
  return specifiers;
}

function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  return base;
}

const layerOf = (file: string): Layer | null => LAYERS.find((l) => file === l || file.startsWith(`${l}/`)) ?? null;

const files = LAYERS.flatMap((l) => sourceFiles(l));
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('the architecture, checked', () => {
  it('reads the whole tree', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files).toContain('shared/api/contract.ts');
    expect(files).toContain('renderer/src/App.tsx');
  });

  it('has every import point the way ARCHITECTURE.md allows', () => {
    const crossings: string[] = [];
    for (const [file, specifiers] of graph) {
      const layer = layerOf(file)!;
      for (const specifier of specifiers) {
        const target = resolve(file, specifier);
        if (target) {
          const to = layerOf(target);
          if (!to) crossings.push(`${file} imports ${specifier}, outside the source layers`);
          else if (!MAY_IMPORT[layer].includes(to)) crossings.push(`${file} (${layer}) imports ${target} (${to})`);
        } else if (layer === 'shared' && (specifier.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'better-sqlite3', 'electron'].includes(specifier))) {
          crossings.push(`${file} (shared, pure) imports ${specifier}`);
        } else if (specifier === 'electron' && !SHELL.has(file)) {
          crossings.push(`${file} imports electron, which only the shell may`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const specifier of graph.get(file) ?? []) {
        const target = resolve(file, specifier);
        if (!target || !graph.has(target)) continue;
        if (state.get(target) === 'visiting') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('runs SQL only in db/: no statement, pragma or transaction text anywhere else', () => {
    const SQL = /\.(?:prepare|pragma)\s*[<(]|\.exec\(\s*[`'"]\s*(?:BEGIN|COMMIT|ROLLBACK|SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|VACUUM|ATTACH)\b/i;
    const outside = files.filter((f) => layerOf(f) !== 'db' && SQL.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(outside).toEqual([]);
    expect(SQL.test("db.prepare('SELECT 1')")).toBe(true);
    expect(SQL.test("db.exec('BEGIN IMMEDIATE')")).toBe(true);
    expect(SQL.test('/^\\d+$/.exec(value)')).toBe(false);
  });

  it('types rows by the statement in db/, and begins transactions in one place', () => {
    // `.get(…) as Row` says nothing SQLite checks; `prepare<Params, Row>` is read where the statement is.
    const CAST = /\.(?:get|all)\([^()]*\)\s*as\s/;
    const TRANSACTION = /\.exec\(\s*[`'"]\s*(?:BEGIN|COMMIT|ROLLBACK)\b/;
    const dbFiles = files.filter((f) => layerOf(f) === 'db');
    expect(dbFiles.filter((f) => CAST.test(fs.readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
    expect(dbFiles.filter((f) => f !== 'db/open.ts' && TRANSACTION.test(fs.readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
    expect(CAST.test("db.prepare('SELECT 1').get(id) as { n: number }")).toBe(true);
    expect(CAST.test("db.prepare<[number], { n: number }>('SELECT 1').get(id)")).toBe(false);
  });

  it('finds a crossing and a cycle when there is one (the checks can fail)', () => {
    expect(MAY_IMPORT.shared.includes('db')).toBe(false);
    expect(resolve('shared/a.ts', '../db/open')).toBe('db/open.ts');
    expect(layerOf('renderer/src/App.tsx')).toBe('renderer');
    expect(importsOf('electron/backend/workspace.ts')).toContain('../../db/open');
    expect(importsOf('shared/api/contract.ts').some((s) => s.startsWith('../report/'))).toBe(true);
  });
});
