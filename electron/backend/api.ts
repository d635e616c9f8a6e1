import type { Api, Trend } from '../../shared/api/contract';
import type { History } from '../../shared/api/tableSchemas';
import type { PeriodOptions } from '../../shared/api/workspaceSchemas';
import { WorkbenchError } from '../../shared/api/errors';
import { buildKpiTable } from '../../shared/domain/kpiTable';
import {
  completeQuartersBetween,
  completeYearsBetween,
  formatPeriod,
  formatPeriodHeader,
  formatPeriodLong,
  monthKey,
  parseMonthKey,
  periodMonths,
  samePeriodLastYear,
} from '../../shared/domain/periods';
import { aggregate } from '../../shared/domain/series';
import { monthlyRange } from '../../db/observations';
import { breakdownKeyOf, defaultPeriod, figureSources, findKpi, inputsOf, kpiIndex, readPeriod } from './figures';
import { chooseDirection } from '../../db/kpis';
import { changeToken } from '../../db/meta';
import { currentAuthor } from './author';
import { analysisContext, kpiContext } from './analysis';
import { verdictOf } from './verdicts';
import { createSourcesApi } from './sourcesApi';
import { saveWorkspaceSettings, workspaceSettings } from './workspaceSettings';
import { trendOf } from './trend';
import { trendDescription } from '../../shared/charts/trendChart';
import type { ReportApiOptions } from './reportApi';
import { isDemoWorkspace, workspaceInfo } from './workspace';
import type { Session } from './session';
import { dailyBackupQuietly, restoreBackup } from './backups';
import { backupFolder, listBackups } from '../../db/backups';
import type { MethodName } from '../../shared/api/contract';

/**
 * Methods whose code is loaded when one of them is first called: a command that lists KPIs should not
 * wait for the import's readers, the report's writers or the analysis to load (the command line starts in
 * a fraction of a second). TypeScript checks that each group implements exactly the methods named.
 */
function lazyMethods<K extends MethodName>(names: readonly K[], load: () => Promise<Pick<Api, K>>): Pick<Api, K> {
  let group: Promise<Pick<Api, K>> | undefined;
  const methods = {} as Record<K, unknown>;
  for (const name of names) {
    methods[name] = async (args: unknown) => {
      group ??= load();
      return ((await group)[name] as (a: unknown) => unknown)(args);
    };
  }
  return methods as Pick<Api, K>;
}

const IMPORT_METHODS = ['import.preview', 'import.commit', 'import.start', 'import.progress', 'import.cancel', 'imports.list', 'imports.undo', 'imports.figures', 'imports.undoFigure'] as const;
const ANALYSIS_METHODS = [
  'anomalies.list',
  'anomalies.explain',
  'anomalies.dismiss',
  'anomalies.reopen',
  'annotations.list',
  'annotations.create',
  'annotations.update',
  'annotations.delete',
  'annotations.restore',
  'annotations.history',
  'series.spc',
  'spc.configure',
  'steps.list',
  'steps.accept',
  'steps.dismiss',
  'dashboard.summary',
] as const;
const PEER_METHODS = ['peers.get', 'peers.group', 'peers.setGroup', 'peers.populations', 'peers.setPopulation'] as const;
const REPORT_METHODS = ['report.open', 'report.list', 'report.save', 'report.redraft', 'report.accept', 'report.figures', 'report.export', 'report.reexport', 'exports.file'] as const;
const QUESTION_METHODS = ['questions.list', 'questions.add', 'questions.update', 'questions.delete', 'questions.restore', 'questions.brief'] as const;
const RETURN_METHODS = [
  'returns.list',
  'returns.preview',
  'returns.markNotAvailable',
  'returns.export',
  'tables.export',
  'exports.list',
  'figures.enter',
  'figures.enterMany',
  'returnMaps.get',
  'returnMaps.set',
  'returnMaps.import',
  'returnMaps.export',
  'returns.fillWorkbook',
  'returns.markWorkbookNotAvailable',
  'returns.exportWorkbook',
] as const;

/**
 * A write to a workspace open read-only fails in SQLite with a bare "attempt to write a readonly database":
 * it is said with the reason instead (who holds it, or that it is damaged).
 */
function sayWhyReadOnly(session: Session, api: Api): Api {
  const guarded = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(api) as [string, (args: unknown) => unknown][]) {
    guarded[name] = async (args: unknown) => {
      try {
        return await method(args);
      } catch (error) {
        const code = (error as { code?: unknown })?.code;
        const reason = session.peek().readOnly;
        if (reason && typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
          throw new WorkbenchError('conflict', `the workspace is open read-only: ${reason}. Nothing was written.`, { file: session.peek().path });
        }
        throw error;
      }
    };
  }
  return guarded as unknown as Api;
}

/** The backend: one function per method of the API contract, over the session's open workspace. */
export function createApi(session: Session, options: ReportApiOptions = {}): Api {
  return sayWhyReadOnly(session, {
    ...lazyMethods(IMPORT_METHODS, async () => (await import('./import/importApi')).createImportApi(session)),
    ...lazyMethods(ANALYSIS_METHODS, async () => (await import('./analysisApi')).createAnalysisApi(session)),
    ...lazyMethods(PEER_METHODS, async () => (await import('./peersApi')).createPeersApi(session)),
    ...lazyMethods(REPORT_METHODS, async () => (await import('./reportApi')).createReportApi(session, options)),
    ...lazyMethods(RETURN_METHODS, async () => (await import('./returnsApi')).createReturnsApi(session)),
    ...lazyMethods(QUESTION_METHODS, async () => (await import('./questionsApi')).createQuestionsApi(session, options)),
    ...createSourcesApi(session),
    'workspace.info': () => workspaceInfo(session.peek()),
    'workspace.changes': () => {
      const workspace = session.peek();
      return { token: `${workspace.path}|${changeToken(workspace.db)}` };
    },
    'backups.list': () => {
      const workspace = session.peek();
      const backups = listBackups(workspace.path);
      return { folder: backupFolder(workspace.path), backups, totalBytes: backups.reduce((sum, b) => sum + b.bytes, 0) };
    },
    'backups.restore': async ({ id }) => {
      const { restored, before } = await restoreBackup(session, id);
      return { restored, before, info: workspaceInfo(session.current()) };
    },
    'settings.get': () => workspaceSettings(session.current()),
    'settings.set': (change) => saveWorkspaceSettings(session.current(), change),
    'workspace.open': async ({ path }) => {
      const workspace = session.open(path);
      await dailyBackupQuietly(workspace);
      return workspaceInfo(workspace);
    },
    'workspace.create': ({ path, demo, settings }) => {
      const workspace = session.create(path, demo);
      if (settings && !demo) saveWorkspaceSettings(workspace, settings);
      return workspaceInfo(workspace);
    },

    'kpis.list': () => kpiIndex(session.current()).kpis,
    'kpis.setDirection': ({ kpiId, direction }) => {
      const workspace = session.current();
      findKpi(workspace, kpiId);
      chooseDirection(workspace.db, kpiId, direction, currentAuthor(workspace), new Date().toISOString());
      return findKpi(workspace, kpiId);
    },

    'periods.options': (): PeriodOptions => {
      const workspace = session.current();
      const { first, last } = monthlyRange(workspace.db);
      if (!first || !last) return { defaultPeriod: null, quarters: [], years: [] };
      const from = parseMonthKey(first);
      const to = parseMonthKey(last);
      const fallback = defaultPeriod(workspace);
      return {
        defaultPeriod: fallback ? formatPeriod(fallback) : null,
        quarters: completeQuartersBetween(from, to).map(formatPeriod),
        years: completeYearsBetween(from, to).map(formatPeriod),
      };
    },

    'table.get': ({ period: text, section, scope }) => {
      const workspace = session.current();
      const period = text ? readPeriod(text) : defaultPeriod(workspace);
      if (!period) throw new WorkbenchError('not_found', 'This workspace has no figures yet: import the force’s spreadsheets first.');
      const previous = samePeriodLastYear(period);
      const analysis = analysisContext(workspace, period);
      return {
        period: formatPeriod(period),
        periodLong: formatPeriodLong(period),
        previousPeriod: formatPeriod(previous),
        headers: { current: formatPeriodHeader(period), previous: formatPeriodHeader(previous) },
        isDemo: isDemoWorkspace(workspace),
        rows: buildKpiTable({ period, kpis: analysis.kpis, context: analysis.figures, section, scope, verdictOf: verdictOf(analysis) }),
      };
    },

    'series.trend': (args): Trend => {
      const workspace = session.current();
      return trendOf(workspace, findKpi(workspace, args.kpiId), breakdownKeyOf(args), readPeriod(args.period));
    },
    'series.trendSvg': async (args) => {
      const workspace = session.current();
      const kpi = findKpi(workspace, args.kpiId);
      const key = breakdownKeyOf(args);
      const trend = trendOf(workspace, kpi, key, readPeriod(args.period));
      const title = key.dimension ? `${kpi.name}, ${key.dimension}: ${key.category}` : `${kpi.number} ${kpi.name}`;
      const description = trendDescription(title, trend);
      const { renderTrendSvg } = await import('./report/charts');
      return { ...renderTrendSvg(trend, description), description };
    },


    'figures.sources': (args) => {
      const workspace = session.current();
      const kpi = findKpi(workspace, args.kpiId);
      const period = readPeriod(args.period);
      const previous = samePeriodLastYear(period);
      const key = breakdownKeyOf(args);
      return {
        period: formatPeriod(period),
        previousPeriod: formatPeriod(previous),
        current: figureSources(workspace, kpi, key, periodMonths(period)),
        previous: figureSources(workspace, kpi, key, periodMonths(previous)),
      };
    },
    'series.history': (args): History => {
      const workspace = session.current();
      const kpi = findKpi(workspace, args.kpiId);
      const key = breakdownKeyOf(args);
      const { byId } = kpiIndex(workspace);
      const inputs = inputsOf(kpi).filter((id) => id !== kpi.id);
      const { rows, ...context } = kpiContext(workspace, kpi);
      const own = new Map(
        rows.filter((r) => r.kpi_id === kpi.id && r.dimension === key.dimension && r.category === key.category).map((r) => [r.period_start, r]),
      );
      const months = [...new Set(rows.map((r) => r.period_start))].sort();
      const points = months.flatMap((month) => {
        const value = aggregate(kpi, key, [parseMonthKey(month)], context).value;
        if (value === null) return [];
        const row = own.get(month);
        const provenance = row
          ? { importId: row.import_id, source: row.import_label, file: row.source_file, sheet: row.source_sheet, cell: row.source_cell }
          : { importId: null, source: `Calculated from ${inputs.map((id) => byId.get(id)?.name ?? id).join(' and ')}`, file: null, sheet: null, cell: null };
        return [{ month: monthKey(parseMonthKey(month)), value, provenance }];
      });
      return {
        kpi,
        breakdown: key.dimension || null,
        category: key.category || null,
        points,
        breakdowns: [...context.series.breakdownsOf(kpi.id)],
      };
    },
  });
}
