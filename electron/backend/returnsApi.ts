import path from 'node:path';
import { exportDifferences } from './returns/returnDrift';
import { exportWorkbook, exportWorkbookMapping, fillWorkbook, importWorkbookMapping, openReturnWorkbook, savedWorkbookMapping, setWorkbookMapping, workbookView } from './returns/workbookReturns';
import type { Api } from '../../shared/api/contract';
import type { ReturnPreview } from '../../shared/returns/returnSchemas';
import { WorkbenchError } from '../../shared/api/errors';
import { formatPeriod, formatPeriodLong, monthKey } from '../../shared/domain/periods';
import { rowNumber, type ReturnTemplate } from '../../shared/returns/template';
import { problemRows, type FilledReturn } from '../../shared/returns/fill';
import { listDataExports, setReturnMark } from '../../db/dataExports';
import { createImport, setImportSummary } from '../../db/imports';
import { applyChanges, monthlyFigure, reportingSources } from '../../db/observations';
import { HAND_SOURCE, parseSourceLabel, sourceLabel } from '../../shared/domain/sources';
import { currentAuthor } from './author';
import { defaultPeriod, findKpi, kpiIndex, readPeriod } from './figures';
import { exportFolder } from './report/reportService';
import { freeExportPath } from './exportFiles';
import { exportedPaths } from '../../db/reports';
import { workspaceSettings } from './workspaceSettings';
import { backupBeforeHandEntry } from './backups';
import { refuseReadOnly } from './import/importService';
import { describeCell, exportReturn, exportTables, fillReturnFor, requireQuarter } from './returns/returnsService';
import { loadReturnTemplates, userReturnsDir, workbookMarks, type LoadedReturn } from './returns/templates';
import type { Session } from './session';
import type { Workspace } from './workspace';

type ReturnMethods = Pick<
  Api,
  | 'returns.list'
  | 'returns.preview'
  | 'returns.markNotAvailable'
  | 'returns.export'
  | 'tables.export'
  | 'exports.list'
  | 'figures.enter'
  | 'figures.enterMany'
  | 'returnMaps.get'
  | 'returnMaps.set'
  | 'returnMaps.import'
  | 'returnMaps.export'
  | 'returns.fillWorkbook'
  | 'returns.markWorkbookNotAvailable'
  | 'returns.exportWorkbook'
>;

function returnOrThrow(workspace: Workspace, id: string): LoadedReturn {
  const loaded = loadReturnTemplates(workspace);
  const found = loaded.templates.get(id);
  if (found) return found;
  const broken = loaded.broken.find((b) => path.basename(b.file) === `${id}.xlsx`);
  if (broken) throw new WorkbenchError('bad_arguments', `The return template cannot be used: ${broken.message}`);
  throw new WorkbenchError('not_found', `There is no return "${id}". \`workbench returns\` lists them: ${[...loaded.templates.keys()].join(', ') || 'none'}.`);
}

const templateOrThrow = (workspace: Workspace, id: string): ReturnTemplate => returnOrThrow(workspace, id).template;

function preview(filled: FilledReturn, period: string, periodLong: string): ReturnPreview {
  const t = filled.template;
  return {
    id: t.id,
    name: t.name,
    period,
    periodLong,
    marking: t.marking,
    columns: t.columns.map((c) => ({ column: c.column, header: c.header })),
    rows: t.rows.map((row, i) => {
      const r = rowNumber(t, i);
      const kind = 'heading' in row ? 'heading' : 'kpi' in row ? 'measure' : 'total' in row ? 'total' : 'share';
      return {
        row: r,
        label: 'heading' in row ? row.heading : row.label,
        kind,
        kpiId: 'kpi' in row ? row.kpi : null,
        dimension: 'kpi' in row ? (row.dimension ?? null) : null,
        category: 'kpi' in row ? (row.category ?? null) : null,
        missingMonths: [...new Set(filled.problems.filter((p) => p.row === r && p.kind === 'missing').flatMap((p) => p.months))].sort((a, b) => a - b).map(monthKey),
        cells: filled.cells
          .filter((c) => c.row === r)
          .map((c) => ({
            address: c.address,
            value: c.value,
            display: describeCell(c.value, c.unit),
            status: c.value !== null ? 'filled' : c.notAvailable ? 'not_available' : 'missing',
            source: c.source,
            reason: c.notAvailable,
            months: c.months.map(monthKey),
          })),
      };
    }),
    problems: filled.problems.map(({ address, message }) => ({ address, message })),
    problemRows: problemRows(filled.problems),
    canExport: filled.problems.length === 0,
  };
}

export function createReturnsApi(session: Session): ReturnMethods {
  const view = (workspace: Workspace, templateId: string, periodText: string) => {
    const quarter = requireQuarter(readPeriod(periodText));
    return preview(fillReturnFor(workspace, templateOrThrow(workspace, templateId), quarter), formatPeriod(quarter), formatPeriodLong(quarter));
  };
  return {
    'returns.list': () => {
      const loaded = loadReturnTemplates(session.current());
      return {
        templates: [...loaded.templates.values()].map(({ template, file, builtIn }) => ({ id: template.id, name: template.name, description: template.description, file, builtIn })),
        broken: loaded.broken,
        folder: userReturnsDir(),
      };
    },
    'returns.preview': ({ templateId, period }) => view(session.current(), templateId, period),
    'returns.markNotAvailable': ({ templateId, period, cell, cells, reason }) => {
      const workspace = session.current();
      const template = templateOrThrow(workspace, templateId);
      const quarter = requireQuarter(readPeriod(period));
      const marked = [...(cell ? [cell] : []), ...(cells ?? [])];
      if (!marked.length) throw new WorkbenchError('bad_arguments', 'Name the cell (or cells) to mark.');
      const known = new Set(fillReturnFor(workspace, template, quarter).cells.map((c) => c.address));
      const unknown = marked.filter((c) => !known.has(c));
      if (unknown.length) throw new WorkbenchError('bad_arguments', `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a cell' : 'are not cells'} the return fills.`);
      const author = currentAuthor(workspace);
      workspace.db.transaction(() => {
        for (const c of marked) setReturnMark(workspace.db, template.id, formatPeriod(quarter), c, reason, author);
      })();
      return view(workspace, templateId, period);
    },
    'returns.export': async ({ templateId, period, path: target, replace }) => {
      const workspace = session.current();
      const loaded = returnOrThrow(workspace, templateId);
      const template = loaded.template;
      const quarter = requireQuarter(readPeriod(period));
      const forceName = workspaceSettings(workspace).forceName;
      if (!forceName) throw new WorkbenchError('conflict', 'The return names the force: set its name in Settings (or `workbench settings --force-name NAME`) and export again.');
      const file = target ? path.resolve(target) : freeExportPath(exportFolder(workspace), `${template.id} ${formatPeriod(quarter)}`, 'xlsx', exportedPaths(workspace.db));
      return exportReturn(workspace, loaded, quarter, file, forceName, replace ?? false);
    },
    'tables.export': async ({ period: text, path: target, format, replace }) => {
      const workspace = session.current();
      const period = text ? readPeriod(text) : defaultPeriod(workspace);
      if (!period) throw new WorkbenchError('not_found', 'This workspace has no figures yet: import the force’s spreadsheets first.');
      const file = target ? path.resolve(target) : freeExportPath(exportFolder(workspace), `KPI tables ${formatPeriod(period)}`, format, exportedPaths(workspace.db));
      return exportTables(workspace, period, file, replace ?? false);
    },
    'exports.list': () => {
      const workspace = session.current();
      const templates = new Map([...loadReturnTemplates(workspace).templates].map(([id, t]) => [id, t.template]));
      return listDataExports(workspace.db).map((e) => ({ ...e, differences: exportDifferences(workspace, e, templates) }));
    },
    'returnMaps.get': ({ path: file }) => workbookView(session.current(), openReturnWorkbook(path.resolve(file))),
    'returnMaps.set': ({ path: file, set }) => setWorkbookMapping(session.current(), openReturnWorkbook(path.resolve(file)), set),
    'returnMaps.import': ({ path: file, mapping, source }) => importWorkbookMapping(session.current(), openReturnWorkbook(path.resolve(file)), mapping, source),
    'returnMaps.export': ({ path: file }) => exportWorkbookMapping(session.current(), openReturnWorkbook(path.resolve(file))),
    'returns.fillWorkbook': ({ path: file, period }) => fillWorkbook(session.current(), openReturnWorkbook(path.resolve(file)), requireQuarter(readPeriod(period))).view,
    'returns.markWorkbookNotAvailable': ({ path: file, period, cell, cells, reason }) => {
      const workspace = session.current();
      const wb = openReturnWorkbook(path.resolve(file));
      const quarter = requireQuarter(readPeriod(period));
      const first = wb.sheets.find((s) => !s.hidden)?.name ?? '';
      const addresses = [...(cell ? [cell] : []), ...(cells ?? [])].map((c) => (c.includes('!') ? c : `${first}!${c.toUpperCase()}`));
      if (!addresses.length) throw new WorkbenchError('bad_arguments', 'Name the cell (or cells) to mark.');
      const mapping = savedWorkbookMapping(workspace, wb.layout);
      if (!mapping) throw new WorkbenchError('conflict', `${wb.fileName} is not mapped yet: keep or set its mapping first.`);
      const filled = new Set(mapping.cells.map((c) => `${c.sheet}!${c.cell}`));
      const unknown = addresses.filter((a) => !filled.has(a));
      if (unknown.length) throw new WorkbenchError('bad_arguments', `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a cell' : 'are not cells'} the mapping of ${wb.fileName} fills.`);
      const author = currentAuthor(workspace);
      const kept = workbookMarks(wb.layout);
      workspace.db.transaction(() => {
        for (const a of addresses) {
          const at = a.lastIndexOf('!');
          setReturnMark(workspace.db, kept.id, formatPeriod(quarter), kept.key(a.slice(0, at), a.slice(at + 1)), reason, author);
        }
      })();
      return fillWorkbook(workspace, wb, quarter).view;
    },
    'returns.exportWorkbook': ({ path: file, period, out, replace }) => {
      const workspace = session.current();
      const wb = openReturnWorkbook(path.resolve(file));
      const quarter = requireQuarter(readPeriod(period));
      const target = out ? path.resolve(out) : freeExportPath(exportFolder(workspace), `${wb.fileName.replace(/\.xlsx$/i, '')} ${formatPeriod(quarter)}`, 'xlsx', exportedPaths(workspace.db));
      const { path: written, sha256, exportId } = exportWorkbook(workspace, wb, quarter, target, replace ?? false);
      return { path: written, sha256, exportId };
    },
    'figures.enterMany': async ({ entries }) => {
      const workspace = session.current();
      const { byId } = kpiIndex(workspace);
      for (const e of entries) {
        if (!byId.has(e.kpiId)) throw new WorkbenchError('not_found', `There is no KPI "${e.kpiId}". \`workbench kpis\` lists them.`);
        if (!!e.dimension !== !!e.category) throw new WorkbenchError('bad_arguments', 'A breakdown needs both a dimension and a category.');
      }
      refuseReadOnly(workspace, 'entered');
      await backupBeforeHandEntry(workspace);
      const names = [...new Set(entries.map((e) => byId.get(e.kpiId)!.name))];
      const entered = enterFigures(workspace, entries, `${entries.length} figure${entries.length === 1 ? '' : 's'} (${names.join(', ')})`);
      return { importId: entered.importId, added: entered.added, changed: entered.changed, sources: entered.sources };
    },
    'figures.enter': async ({ kpiId, month, value, dimension, category, source }) => {
      const workspace = session.current();
      const kpi = findKpi(workspace, kpiId);
      if (!!dimension !== !!category) throw new WorkbenchError('bad_arguments', 'A breakdown needs both a dimension and a category.');
      refuseReadOnly(workspace, 'entered');
      await backupBeforeHandEntry(workspace);
      const entry = { kpiId: kpi.id, month, value, dimension, category, ...(source === undefined ? {} : { source }) };
      const entered = enterFigures(workspace, [entry], `${kpi.name}${dimension ? ` (${dimension}: ${category})` : ''}, ${month}`);
      return { importId: entered.importId, previous: entered.previous[0]!, source: entered.sources[0]! };
    },
  };
}

interface HandEntry {
  kpiId: string;
  month: string;
  value: number;
  dimension: string;
  category: string;
  source?: string | undefined;
}

/**
 * Typed figures as one import in the history. Each goes into the source the analyst names, else its KPI's
 * reporting source (a gap filled or a figure corrected), else, for a KPI no file has supplied, figures entered
 * by hand. Reports the sources used, as the command line names them.
 */
function enterFigures(workspace: Workspace, entries: readonly HandEntry[], what: string) {
  const reporting = reportingSources(workspace.db);
  const sourceOf = (e: HandEntry) => (e.source !== undefined ? parseSourceLabel(e.source) : (reporting.get(e.kpiId) ?? HAND_SOURCE));
  return workspace.db.transaction(() => {
    const importId = createImport(workspace.db, { kind: 'manual', label: `Entered by ${currentAuthor(workspace)}: ${what}` });
    const previous: (number | null)[] = [];
    const changes = entries.map((e) => {
      const source = sourceOf(e);
      const had = monthlyFigure(workspace.db, e.kpiId, e.month, e.dimension, e.category, source) ?? null;
      previous.push(had);
      return { kpiId: e.kpiId, periodKind: 'month' as const, periodStart: e.month, area: '', dimension: e.dimension, category: e.category, source, value: e.value, oldValue: had, sourceFile: null, sourceSheet: null, sourceCell: null };
    });
    for (const _ of applyChanges(workspace.db, importId, changes));
    const changed = previous.filter((v) => v !== null).length;
    setImportSummary(workspace.db, importId, { added: entries.length - changed, changed, unchanged: 0 });
    return { importId, added: entries.length - changed, changed, previous, sources: [...new Set(changes.map((c) => sourceLabel(c.source)))] };
  })();
}
