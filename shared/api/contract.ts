import * as z from 'zod';
import { KpiSchema, DirectionSchema } from '../domain/kpi';
import { ApiErrorSchema } from './errors';
import { AnnotationCategorySchema, AnnotationSchema, MonthKeySchema } from '../domain/annotation';
import {
  AnnotationFieldsSchema,
  StepSchema,
  AnnotationHistorySchema,
  AnomalyInboxSchema,
  FigureRefSchema,
  PeerComparisonSchema,
  PeerGroupSchema,
  PopulationSchema,
  SpcViewSchema,
} from './analysisSchemas';
import { ExportedFileSchema, ReportChangesSchema, ReportFormatSchema, ReportViewSchema, SectionFiguresSchema } from '../report/reportSchemas';
import { BriefFormatSchema, QuestionAddSchema, QuestionChangesSchema, QuestionSchema } from '../questions/questionSchemas';
import { DataExportSchema, ReturnPreviewSchema, ReturnWorkbookSchema, WorkbookFillSchema } from '../returns/returnSchemas';
import { ReturnMappingSchema } from '../returns/mapping';
import { KpiSourcesSchema, ReconciliationSchema, SourceSchema } from './sourceSchemas';
import { DashboardSummarySchema, HistorySchema, KpiTableSchema } from './tableSchemas';
import { BackupListSchema, BackupSchema, PeriodOptionsSchema, SettingsChangeSchema, WorkspaceInfoSchema, WorkspaceSettingsSchema } from './workspaceSchemas';
import { ImportArgs, ImportEntrySchema, ImportJobStatusSchema, ImportPreviewSchema, ImportResultSchema } from '../import/importSchemas';

import { TrendSchema } from './trendSchema';

export { TrendSchema, type Trend } from './trendSchema';

/**
 * The one list of what the UI, the command line and the browser host can ask of the backend.
 * Each method has a schema for its arguments (checked at every door) and for its result.
 *
 * The named object schemas here and in the modules they come from are built when first used (z.lazy), not
 * when loaded: a command runs one method, and building all of them at every start cost the command line
 * 15–20 ms (`workbench kpis`, median of 25 runs on a two-core machine: 306 → 290 ms, and 293 → 276 ms).
 * The schemas of results live beside their areas (workspace, tables, import, sources, analysis, report,
 * questions, returns); this file is the method list that joins them.
 */

const PeriodArg = z.string().min(1).max(80);

const BreakdownArgs = {
  dimension: z.string().max(200).optional(),
  category: z.string().max(200).optional(),
};

/** One figure typed by the analyst; `source` as the command line names sources ("force", "data.police.uk", "hand"). */
const HandEntrySchema = z.object({
  kpiId: z.string(),
  month: MonthKeySchema,
  value: z.number().finite(),
  dimension: z.string().max(200).default(''),
  category: z.string().max(200).default(''),
  source: z.string().trim().min(1).max(100).optional(),
});

export const contract = {
  'workspace.info': { args: z.object({}), result: WorkspaceInfoSchema },
  /**
   * A token that changes whenever the workspace's data change, by this window or another door (the command
   * line, another window, another program): the pages compare it to follow the data.
   */
  'workspace.changes': { args: z.object({}), result: z.object({ token: z.string() }) },
  'workspace.open': { args: z.object({ path: z.string().min(1) }), result: WorkspaceInfoSchema },
  'workspace.create': {
    /** A new workspace is asked for the force's name and the default author (the demo has its own). */
    args: z.object({ path: z.string().min(1), demo: z.boolean().default(false), settings: SettingsChangeSchema.optional() }),
    result: WorkspaceInfoSchema,
  },
  'kpis.list': { args: z.object({}), result: z.array(KpiSchema) },
  /** The direction of good of a KPI, as the analyst chooses it (kept with who and when; the catalogue's own restores it). */
  'kpis.setDirection': { args: z.object({ kpiId: z.string().min(1), direction: DirectionSchema }), result: KpiSchema },
  'periods.options': { args: z.object({}), result: PeriodOptionsSchema },
  'table.get': {
    args: z.object({
      period: PeriodArg.optional(),
      section: z.number().int().min(1).max(5).optional(),
      scope: z.enum(['headline', 'all']).default('all'),
    }),
    result: KpiTableSchema,
  },
  'series.trend': {
    args: z.object({ kpiId: z.string(), period: PeriodArg, ...BreakdownArgs }),
    result: TrendSchema,
  },
  /**
   * A KPI's trend chart drawn as SVG by the same builder as the report's exports: the dashboard shows these,
   * so its first screen needs no charting library.
   */
  'series.trendSvg': {
    args: z.object({ kpiId: z.string(), period: PeriodArg, ...BreakdownArgs }),
    result: z.object({ svg: z.string(), width: z.number(), height: z.number(), description: z.string() }),
  },
  'series.history': {
    args: z.object({ kpiId: z.string(), ...BreakdownArgs }),
    result: HistorySchema,
  },
  'figures.sources': {
    args: z.object({ kpiId: z.string(), period: PeriodArg, ...BreakdownArgs }),
    result: z.object({ period: z.string(), previousPeriod: z.string(), current: z.array(SourceSchema), previous: z.array(SourceSchema) }),
  },
  'import.preview': { args: ImportArgs, result: ImportPreviewSchema },
  /** The same as import.preview (commit false) or import.commit (commit true), as a job with progress. */
  'import.start': { args: ImportArgs.extend({ commit: z.boolean() }), result: z.object({ jobId: z.string() }) },
  'import.progress': { args: z.object({ jobId: z.string() }), result: ImportJobStatusSchema },
  'import.cancel': { args: z.object({ jobId: z.string() }), result: ImportJobStatusSchema },
  'import.commit': { args: ImportArgs, result: ImportResultSchema },
  'imports.list': { args: z.object({}), result: z.array(ImportEntrySchema) },
  /** The figures an import wrote that it still holds, each to be undone on its own. */
  'imports.figures': {
    args: z.object({ importId: z.number().int().positive() }),
    result: z.array(z.object({ kpiId: z.string(), kpiName: z.string(), month: MonthKeySchema, dimension: z.string(), category: z.string(), value: z.number(), display: z.string() })),
  },
  /** Undoes one figure of an import: it gets back what it replaced, or goes if the import created it. */
  'imports.undoFigure': {
    args: z.object({ importId: z.number().int().positive(), kpiId: z.string().min(1), month: MonthKeySchema, dimension: z.string().max(200).default(''), category: z.string().max(200).default('') }),
    result: z.object({ importId: z.number().int(), action: z.enum(['restored', 'removed']), remaining: z.number().int() }),
  },
  'imports.undo': {
    args: z.object({ importId: z.number().int().positive() }),
    result: z.object({ importId: z.number().int(), restored: z.number().int(), removed: z.number().int() }),
  },

  /** Every flagged figure of the period (default: the latest complete quarter), largest first. */
  'anomalies.list': { args: z.object({ period: PeriodArg.optional() }), result: AnomalyInboxSchema },
  /** Explains a flagged figure with an annotation (new, or one that exists), and remembers it. */
  'anomalies.explain': {
    args: z.object({ figure: FigureRefSchema, rule: z.string().max(40), annotation: AnnotationFieldsSchema.optional(), annotationId: z.number().int().positive().optional() }),
    result: z.object({ annotation: AnnotationSchema }),
  },
  'anomalies.dismiss': {
    args: z.object({ figure: FigureRefSchema, rule: z.string().max(40), reason: z.string().trim().min(1, 'say why it needs no explanation').max(2000) }),
    result: z.object({ dismissed: z.literal(true) }),
  },
  /** Puts an explained or dismissed figure back in the inbox. */
  'anomalies.reopen': { args: z.object({ figure: FigureRefSchema }), result: z.object({ reopened: z.boolean() }) },

  'annotations.list': {
    args: z.object({ search: z.string().max(200).optional(), kpiId: z.string().optional(), includeDeleted: z.boolean().default(false) }),
    result: z.array(AnnotationSchema),
  },
  'annotations.create': { args: AnnotationFieldsSchema, result: AnnotationSchema },
  'annotations.update': { args: z.object({ id: z.number().int().positive(), fields: AnnotationFieldsSchema }), result: AnnotationSchema },
  'annotations.delete': { args: z.object({ id: z.number().int().positive() }), result: AnnotationSchema },
  'annotations.restore': { args: z.object({ id: z.number().int().positive() }), result: AnnotationSchema },
  'annotations.history': { args: z.object({ id: z.number().int().positive() }), result: AnnotationHistorySchema },

  /**
   * A KPI's control chart as at a period (default: the latest complete quarter): every month judged as the
   * period's verdict judges it, the verdict, proposed and decided step changes, the period's events.
   */
  'series.spc': {
    args: z.object({ kpiId: z.string(), period: PeriodArg.optional(), ...BreakdownArgs }),
    result: SpcViewSchema,
  },
  /** Step changes: proposed as at the period's end, and every one accepted or dismissed. */
  'steps.list': { args: z.object({ kpiId: z.string().optional(), period: PeriodArg.optional() }), result: z.array(StepSchema) },
  /**
   * Accepts a step change: the KPI's control chart begins a new segment there, with an annotation of the
   * analyst's chosen category saying why, and limits and verdicts are worked out again from that month.
   */
  'steps.accept': {
    args: z.object({ kpiId: z.string(), month: MonthKeySchema, category: AnnotationCategorySchema.default('recording_practice'), text: z.string().trim().max(4000).default('') }),
    result: StepSchema,
  },
  /** Dismisses a proposed step change: it does not come back. */
  'steps.dismiss': { args: z.object({ kpiId: z.string(), month: MonthKeySchema, reason: z.string().trim().max(2000).default('') }), result: StepSchema },
  /** What needs attention in a period: per section, how many KPIs show which variation, and KPI cards. */
  'dashboard.summary': { args: z.object({ period: PeriodArg.optional() }), result: DashboardSummarySchema },
  'settings.get': { args: z.object({}), result: WorkspaceSettingsSchema },
  'settings.set': { args: SettingsChangeSchema, result: WorkspaceSettingsSchema },
  /**
   * Sets the months from which a KPI's process starts again (e.g. a recording-practice change), and how many
   * months at the start of each segment its limits come from (null: all of them).
   */
  'spc.configure': {
    args: z.object({ kpiId: z.string(), breaks: z.array(MonthKeySchema).max(24), baselinePoints: z.number().int().min(2).max(600).nullable() }),
    result: z.object({ breaks: z.array(MonthKeySchema), baselinePoints: z.number().int().nullable() }),
  },

  /** The sources a KPI's monthly figures come from, and the one it is reported from. */
  'kpis.sources': { args: z.object({ kpiId: z.string().min(1) }), result: KpiSourcesSchema },
  /** Chooses the source a KPI is reported from ("force" for the force's own; null for the default), kept with who and when. */
  'kpis.setSource': { args: z.object({ kpiId: z.string().min(1), source: z.string().trim().min(1).max(80).nullable() }), result: KpiSourcesSchema },
  /** Every KPI held from two or more sources in the period: each source's figure and how far they differ, largest first. */
  'figures.reconcile': { args: z.object({ period: PeriodArg.optional() }), result: z.array(ReconciliationSchema) },
  /** Keeps the analyst's note on why a KPI's sources differ in a period (an empty note removes it); answers that period's reconciliation. */
  'figures.noteReconciliation': {
    args: z.object({ kpiId: z.string().min(1), period: PeriodArg.optional(), note: z.string().trim().max(2000) }),
    result: z.array(ReconciliationSchema),
  },

  'peers.get': { args: z.object({ period: PeriodArg.optional(), offence: z.string().max(200).optional() }), result: PeerComparisonSchema },
  'peers.group': { args: z.object({}), result: PeerGroupSchema },
  'peers.setGroup': { args: PeerGroupSchema, result: PeerGroupSchema },
  'peers.populations': { args: z.object({}), result: z.array(PopulationSchema.extend({ enteredBy: z.string(), enteredAt: z.string() })) },
  'peers.setPopulation': { args: PopulationSchema, result: z.object({ area: z.string() }) },

  /**
   * The Force Performance Report of a quarter or financial year; the first time, made from a fresh draft
   * or from the wording of the most recent other report (start: "previous").
   */
  'report.open': { args: z.object({ period: PeriodArg, start: z.enum(['draft', 'previous']).default('draft') }), result: ReportViewSchema },
  /** The reports the workspace holds, newest first. */
  'report.list': {
    args: z.object({}),
    result: z.array(z.object({ period: z.string(), title: z.string(), updatedAt: z.string(), exports: z.number().int() })),
  },
  'report.save': { args: z.object({ period: PeriodArg, changes: ReportChangesSchema }), result: ReportViewSchema },
  /** A fresh first draft of one KPI's paragraphs (or all), replacing what is there. */
  'report.redraft': { args: z.object({ period: PeriodArg, kpiId: z.string().optional() }), result: ReportViewSchema },
  /** Accepts a finding of the number check consciously (or takes the acceptance back). */
  'report.accept': {
    args: z.object({ period: PeriodArg, issueId: z.string(), accepted: z.boolean(), reason: z.string().trim().max(500).optional() }).refine((a) => !a.accepted || !!a.reason, {
      message: 'say why it is right as written',
      path: ['reason'],
    }),
    result: ReportViewSchema,
  },
  /** Each section's KPI table, breakdowns and charts, drawn by the export's builders: the editor shows them. */
  'report.figures': { args: z.object({ period: PeriodArg }), result: z.array(SectionFiguresSchema) },
  /**
   * Writes the report to a new file ("… draft 2.docx"), or to the path given, which must not exist unless
   * replace is set; refused while the check has findings that are neither fixed nor accepted.
   */
  'report.export': {
    args: z.object({ period: PeriodArg, format: ReportFormatSchema, version: z.enum(['draft', 'final']).default('draft'), path: z.string().min(1).optional(), replace: z.boolean().optional() }),
    result: z.object({ path: z.string(), sha256: z.string(), exportId: z.number().int() }),
  },
  /** Writes an earlier export again from the document it was written from, whatever the data now say. */
  'report.reexport': {
    args: z.object({ exportId: z.number().int().positive(), format: ReportFormatSchema, path: z.string().min(1), replace: z.boolean().optional() }),
    result: z.object({ path: z.string(), sha256: z.string() }),
  },

  /** The return templates: built in, and the analyst's own from the returns folder (broken ones with why). */
  'returns.list': {
    args: z.object({}),
    result: z.object({
      templates: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), file: z.string(), builtIn: z.boolean() })),
      broken: z.array(z.object({ file: z.string(), message: z.string() })),
      folder: z.string(),
    }),
  },
  /** Every cell of a return for a quarter, worked out from the data, and what stops it being exported. */
  'returns.preview': { args: z.object({ templateId: z.string(), period: PeriodArg }), result: ReturnPreviewSchema },
  /** Marks a cell not available, with why (or, with reason null, takes the mark away). */
  'returns.markNotAvailable': {
    args: z.object({
      templateId: z.string(),
      period: PeriodArg,
      /** One cell, or (cells) a row, a column or a selection marked at once with one reason. */
      cell: z.string().regex(/^[A-Z]{1,3}[1-9]\d*$/).optional(),
      cells: z.array(z.string().regex(/^[A-Z]{1,3}[1-9]\d*$/)).min(1).max(2000).optional(),
      reason: z.string().trim().min(1).max(500).nullable(),
    }),
    result: ReturnPreviewSchema,
  },
  'returns.export': {
    args: z.object({ templateId: z.string(), period: PeriodArg, path: z.string().min(1).optional(), replace: z.boolean().optional() }),
    result: z.object({ path: z.string(), sha256: z.string(), exportId: z.number().int() }),
  },
  /** A return workbook the analyst was sent: its sheets as they are, and its saved (or proposed) mapping. */
  'returnMaps.get': { args: z.object({ path: z.string().min(1) }), result: ReturnWorkbookSchema },
  /** Sets cells of its mapping ("Return!B8=surge-patrol-hours@month1"; "Return!B8=" unmaps); with none, keeps the proposed one. */
  'returnMaps.set': { args: z.object({ path: z.string().min(1), set: z.array(z.string().min(1).max(400)).max(2000).default([]) }), result: ReturnWorkbookSchema },
  /** Takes a mapping exported from another workspace for this workbook's layout. */
  'returnMaps.import': { args: z.object({ path: z.string().min(1), mapping: z.unknown(), source: z.string().max(1000).default('the mapping') }), result: ReturnWorkbookSchema },
  'returnMaps.export': { args: z.object({ path: z.string().min(1) }), result: ReturnMappingSchema },
  /** The mapped workbook worked out for a quarter: each cell's value, the formulas' results, what is missing. */
  'returns.fillWorkbook': { args: z.object({ path: z.string().min(1), period: PeriodArg }), result: WorkbookFillSchema },
  /** Marks a mapped cell of a workbook not available for a quarter, with a reason (null takes the mark away). */
  'returns.markWorkbookNotAvailable': {
    args: z.object({
      path: z.string().min(1),
      period: PeriodArg,
      /** "Return!F8", or (cells) several marked at once with one reason. */
      cell: z.string().min(1).max(80).optional(),
      cells: z.array(z.string().min(1).max(80)).min(1).max(2000).optional(),
      reason: z.string().trim().min(1, 'say why the figure is not available').max(500).nullable(),
    }),
    result: WorkbookFillSchema,
  },
  /** Writes a copy of the workbook with only its mapped cells filled; refused while a cell has no figure. */
  'returns.exportWorkbook': {
    args: z.object({ path: z.string().min(1), period: PeriodArg, out: z.string().min(1).optional(), replace: z.boolean().optional() }),
    result: z.object({ path: z.string(), sha256: z.string(), exportId: z.number().int() }),
  },
  /** The period's KPI tables as .xlsx (a sheet per section) or .csv. */
  'tables.export': {
    args: z.object({ period: PeriodArg.optional(), path: z.string().min(1).optional(), format: z.enum(['xlsx', 'csv']).default('xlsx'), replace: z.boolean().optional() }),
    result: z.object({ path: z.string(), sha256: z.string(), exportId: z.number().int(), rows: z.number().int() }),
  },
  'exports.list': { args: z.object({}), result: z.array(DataExportSchema) },
  /** The workspace's backups, newest first, with the folder they are in. */
  'backups.list': { args: z.object({}), result: BackupListSchema },
  /** Puts a backup (by id, or a path to a workspace copy) in the workspace's place, backing the workspace up first. */
  'backups.restore': { args: z.object({ id: z.string().min(1).max(1000) }), result: z.object({ restored: BackupSchema, before: BackupSchema, info: WorkspaceInfoSchema }) },
  /** Where an export was written, to open it, show it in its folder or download it; and whether it is unchanged. */
  'exports.file': { args: z.object({ kind: z.enum(['report', 'data', 'brief']), id: z.number().int().positive() }), result: ExportedFileSchema },
  /** The Panel's follow-up questions, open and answered: its action log. */
  'questions.list': { args: z.object({}), result: z.array(QuestionSchema) },
  'questions.add': { args: QuestionAddSchema, result: QuestionSchema },
  'questions.update': { args: z.object({ id: z.number().int().positive(), changes: QuestionChangesSchema }), result: QuestionSchema },
  'questions.delete': { args: z.object({ id: z.number().int().positive() }), result: QuestionSchema },
  'questions.restore': { args: z.object({ id: z.number().int().positive() }), result: QuestionSchema },
  /** A question and its answer as a one-page brief, with the marking and the office's template; a new file each time. */
  'questions.brief': {
    args: z.object({ id: z.number().int().positive(), format: BriefFormatSchema, path: z.string().min(1).optional(), replace: z.boolean().optional() }),
    result: z.object({ path: z.string(), sha256: z.string(), briefId: z.number().int() }),
  },
  /**
   * A figure entered by hand (patrol hours, spend): stored like an imported one, with who entered it and when
   * as its provenance, and undone like an import. It goes into the source named (as `workbench source` names
   * them), else the KPI's reporting source, else "entered by hand" for a KPI no file has supplied.
   */
  'figures.enter': {
    args: HandEntrySchema,
    result: z.object({ importId: z.number().int(), previous: z.number().nullable(), source: z.string() }),
  },
  /** Figures entered at one sitting (the return's entry grid): one entry in the import history, undone together. */
  'figures.enterMany': {
    args: z.object({ entries: z.array(HandEntrySchema).min(1).max(5000) }),
    result: z.object({ importId: z.number().int(), added: z.number().int(), changed: z.number().int(), sources: z.array(z.string()) }),
  },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ArgsInput<M extends MethodName> = z.input<Contract[M]['args']>;
export type Args<M extends MethodName> = z.output<Contract[M]['args']>;
export type Result<M extends MethodName> = z.output<Contract[M]['result']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export const EnvelopeSchema = z.lazy(() => z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]));
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** The backend: one function per method. */
export type Api = { [M in MethodName]: (args: Args<M>) => Result<M> | Promise<Result<M>> };
