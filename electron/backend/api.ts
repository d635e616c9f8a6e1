import type { Api, PeriodOptions, Trend, History } from '../../shared/api/contract';
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
  periodBounds,
  periodMonths,
  samePeriodLastYear,
} from '../../shared/domain/periods';
import { aggregate } from '../../shared/domain/series';
import { monthlyRange } from '../../db/observations';
import { aggregationContext, breakdownKeyOf, defaultPeriod, figureSources, findKpi, inputsOf, kpiIndex, readPeriod } from './figures';
import { kpiContext } from './analysis';
import { trendOf } from './trend';
import { createAnalysisApi } from './analysisApi';
import { createPeersApi } from './peersApi';
import { createReportApi, type ReportApiOptions } from './reportApi';
import { createReturnsApi } from './returnsApi';
import { isDemoWorkspace, workspaceInfo } from './workspace';
import type { Session } from './session';
import { commitImport, previewImport, undoImport } from './import/importService';
import { createImportJobs } from './import/importJobs';
import { listImports } from '../../db/imports';

/** The backend: one function per method of the API contract, over the session's open workspace. */
export function createApi(session: Session, options: ReportApiOptions = {}): Api {
  const jobs = createImportJobs(session);
  return {
    ...createAnalysisApi(session),
    ...createPeersApi(session),
    ...createReportApi(session, options),
    ...createReturnsApi(session),
    'workspace.info': () => workspaceInfo(session.current()),
    'workspace.open': ({ path }) => workspaceInfo(session.open(path)),
    'workspace.create': ({ path, demo }) => workspaceInfo(session.create(path, demo)),

    'kpis.list': () => kpiIndex(session.current()).kpis,

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
      const context = aggregationContext(workspace, periodBounds(previous)[0], periodBounds(period)[1]);
      return {
        period: formatPeriod(period),
        periodLong: formatPeriodLong(period),
        previousPeriod: formatPeriod(previous),
        headers: { current: formatPeriodHeader(period), previous: formatPeriodHeader(previous) },
        isDemo: isDemoWorkspace(workspace),
        rows: buildKpiTable({ period, kpis: [...context.kpisById.values()], context, section, scope }),
      };
    },

    'series.trend': (args): Trend => {
      const workspace = session.current();
      return trendOf(workspace, findKpi(workspace, args.kpiId), breakdownKeyOf(args), readPeriod(args.period));
    },

    'import.preview': ({ paths, ...options }) => previewImport(session.current(), paths, options),
    'import.commit': ({ paths, ...options }) => commitImport(session.current(), paths, options),
    'import.start': ({ paths, ...options }) => jobs.start(paths, options),
    'import.progress': ({ jobId }) => jobs.progress(jobId),
    'import.cancel': ({ jobId }) => jobs.cancel(jobId),

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
    'imports.list': () =>
      listImports(session.current().db).map((row) => ({
        id: row.id,
        kind: row.kind,
        label: row.label,
        fileName: row.file_name,
        sha256: row.file_sha256,
        createdAt: row.created_at,
        undoneAt: row.undone_at,
        totals: { added: 0, changed: 0, unchanged: 0, ...JSON.parse(row.summary) },
      })),
    'imports.undo': ({ importId }) => undoImport(session.current(), importId),

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
  };
}
