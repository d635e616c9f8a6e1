import fs from 'node:fs';
import path from 'node:path';
import { readReturnTemplate, ReturnTemplateError, type ReturnTemplate } from '../../../shared/returns/template';
import { ReturnMappingSchema, type ReturnMapping } from '../../../shared/returns/mapping';
import { templateOfWorkbook } from '../../../shared/returns/workbookTemplate';
import { appPath } from '../../../db/appRoot';
import { getReturnMapping } from '../../../db/returnMappings';
import { kpiIndex } from '../figures';
import { userDataDir } from '../paths';
import type { Workspace } from '../workspace';
import { readReturnWorkbook, type ReturnWorkbookFile } from './returnWorkbook';

/**
 * The returns the Returns page lists: each a return workbook with its mapping beside it (NAME.xlsx and
 * NAME.mapping.json, as `workbench return-map --export` writes one), built in (resources/returns) or the
 * analyst's own (the returns folder). A return's rows, periods, totals and notes are read from its workbook.
 */

export interface LoadedReturn {
  template: ReturnTemplate;
  /** The workbook, filled in a copy when the return is written. */
  file: string;
  workbook: ReturnWorkbookFile;
  mapping: ReturnMapping;
  builtIn: boolean;
}

export interface LoadedTemplates {
  templates: Map<string, LoadedReturn>;
  /** Returns that could not be read, each with what is wrong: a broken file never hides the others. */
  broken: { file: string; message: string }[];
}

/** Where the analyst puts returns of their own: a folder beside the app's workspace. */
export function userReturnsDir(): string {
  return path.join(userDataDir(), 'returns');
}

export const BUILT_IN_RETURNS = () => appPath('resources', 'returns');

const MAPPING_SUFFIX = '.mapping.json';

function filesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function readMapping(file: string): ReturnMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReturnTemplateError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = ReturnMappingSchema.safeParse(raw);
  if (!parsed.success) throw new ReturnTemplateError(`${file}: not a return mapping: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The workbook and mapping of one return, its template read from the workbook and checked against the KPIs. */
function loadReturn(workspace: Workspace, dir: string, name: string, byId: ReturnType<typeof kpiIndex>['byId'], builtIn: boolean): LoadedReturn {
  const file = path.join(dir, `${name}.xlsx`);
  const mappingFile = path.join(dir, `${name}${MAPPING_SUFFIX}`);
  if (!fs.existsSync(file)) throw new ReturnTemplateError(`${mappingFile}: there is no workbook ${name}.xlsx beside it, which it maps`);
  const given = readMapping(mappingFile);
  let workbook: ReturnWorkbookFile;
  try {
    workbook = readReturnWorkbook(fs.readFileSync(file), path.basename(file));
  } catch (error) {
    throw new ReturnTemplateError(`${file}: ${(error as Error).message}`);
  }
  if (workbook.layout !== given.layout) throw new ReturnTemplateError(`${mappingFile}: it maps another layout than ${name}.xlsx has (the workbook was changed after it was mapped): map it again and export the mapping`);
  // The mapping kept in the workspace for this layout (changed on the Returns page or with return-map) wins.
  const kept = getReturnMapping(workspace.db, workbook.layout);
  const mapping = kept ? ReturnMappingSchema.parse(JSON.parse(kept)) : given;
  const template = readReturnTemplate(templateOfWorkbook(name, file, workbook.sheets, mapping), file, byId);
  return { template, file, workbook, mapping, builtIn };
}

export function loadReturnTemplates(workspace: Workspace, dirs = { builtIn: BUILT_IN_RETURNS(), user: userReturnsDir() }): LoadedTemplates {
  const { byId } = kpiIndex(workspace);
  const loaded: LoadedTemplates = { templates: new Map(), broken: [] };
  for (const [dir, builtIn] of [
    [dirs.builtIn, true],
    [dirs.user, false],
  ] as const) {
    const files = filesIn(dir);
    const names = new Set([...files.filter((f) => f.endsWith(MAPPING_SUFFIX)).map((f) => f.slice(0, -MAPPING_SUFFIX.length)), ...files.filter((f) => /\.xlsx$/i.test(f) && !f.startsWith('~$')).map((f) => f.replace(/\.xlsx$/i, ''))]);
    for (const name of [...names].sort()) {
      const where = path.join(dir, `${name}.xlsx`);
      try {
        if (!RETURN_ID.test(name)) throw new ReturnTemplateError(`${where}: a return's file is named by its id, lower-case words joined by hyphens (e.g. surge-funding.xlsx)`);
        if (!files.includes(`${name}${MAPPING_SUFFIX}`)) throw new ReturnTemplateError(`${where}: it has no mapping beside it: open it on the Returns page, map its cells and export the mapping as ${name}${MAPPING_SUFFIX}`);
        if (loaded.templates.has(name)) throw new ReturnTemplateError(`${where}: the id "${name}" is already used by ${loaded.templates.get(name)!.file}`);
        loaded.templates.set(name, loadReturn(workspace, dir, name, byId, builtIn));
      } catch (error) {
        if (!(error instanceof ReturnTemplateError)) throw error;
        loaded.broken.push({ file: where, message: error.message });
      }
    }
  }
  return loaded;
}

/**
 * Where a workbook's cells marked n/a are kept: a return the Returns page lists keeps them under its id, by
 * cell, so that its page and its workbook opened as a file show the same marks; any other workbook under its
 * layout, by sheet and cell.
 */
export function workbookMarks(layout: string, dirs = { builtIn: BUILT_IN_RETURNS(), user: userReturnsDir() }): { id: string; key: (sheet: string, cell: string) => string } {
  const id = returnIdsByLayout(dirs).get(layout);
  if (id) return { id, key: (_sheet, cell) => cell };
  return { id: `workbook-${layout.slice(0, 16)}`, key: (sheet, cell) => `${sheet}!${cell}` };
}

/** A return's id: its files' name, lower-case words joined by hyphens. */
const RETURN_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The returns' ids by the layout their mappings map, from the mapping files alone (a return's workbook is
 * read only when the return is): a workbook opened as a file is known as the return it is a copy of.
 */
function returnIdsByLayout(dirs: { builtIn: string; user: string }): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of [dirs.builtIn, dirs.user]) {
    const files = filesIn(dir);
    for (const f of files.filter((x) => x.endsWith(MAPPING_SUFFIX))) {
      const name = f.slice(0, -MAPPING_SUFFIX.length);
      if (!RETURN_ID.test(name) || !files.includes(`${name}.xlsx`)) continue;
      try {
        const { layout } = readMapping(path.join(dir, f));
        if (!out.has(layout)) out.set(layout, name);
      } catch {
        // A mapping that cannot be read is listed with its reason by the returns list; here it names nothing.
      }
    }
  }
  return out;
}

/** The built-in returns' mappings by the layout they map: a copy of a built-in workbook opened is known. */
export function builtInMappings(dir = BUILT_IN_RETURNS()): Map<string, ReturnMapping> {
  const out = new Map<string, ReturnMapping>();
  for (const f of filesIn(dir).filter((x) => x.endsWith(MAPPING_SUFFIX))) {
    try {
      const mapping = readMapping(path.join(dir, f));
      out.set(mapping.layout, mapping);
    } catch {
      // A broken built-in mapping is listed with its reason by the returns list; here it simply maps nothing.
    }
  }
  return out;
}
