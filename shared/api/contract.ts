import * as z from 'zod';
import { KpiSchema, UnitSchema, DirectionSchema } from '../domain/kpi';
import { ApiErrorSchema } from './errors';
import { LayoutChoiceSchema } from '../import/layoutChoice';
import { AnnotationCategorySchema, AnnotationSchema, MonthKeySchema } from '../domain/annotation';
import {
  AnnotationFieldsSchema,
  AssuranceSchema,
  RowVerdictSchema,
  SensitivitySchema,
  SparkSchema,
  StepSchema,
  VariationSchema,
  AnnotationHistorySchema,
  AnomalyInboxSchema,
  FigureRefSchema,
  PeerComparisonSchema,
  PeerGroupSchema,
  PopulationSchema,
  SpcViewSchema,
} from './analysisSchemas';
import { ExportedFileSchema, ReportChangesSchema, ReportFormatSchema, ReportViewSchema, SectionFiguresSchema } from '../report/reportSchemas';
import { MarkingSchema } from '../report/model';
import { BriefFormatSchema, QuestionAddSchema, QuestionChangesSchema, QuestionSchema } from '../questions/questionSchemas';
import { DataExportSchema, ReturnPreviewSchema, ReturnWorkbookSchema, WorkbookFillSchema } from '../returns/returnSchemas';
import { ReturnMappingSchema } from '../returns/mapping';

/**
 * The one list of what the UI, the command line and the browser host can ask of the backend.
 * Each method has a schema for its arguments (checked at every door) and for its result.
 *
 * The named object schemas here and in the modules they come from are built when first used (z.lazy), not
 * when loaded: a command runs one method, and building all of them at every start cost the command line
 * 15–20 ms (`workbench kpis`, median of 25 runs on a two-core machine: 306 → 290 ms, and 293 → 276 ms).
 */

export const WorkspaceInfoSchema = z.lazy(() => z.object({
  path: z.string(),
  name: z.string(),
  isDemo: z.boolean(),
  schemaVersion: z.number().int(),
  observationCount: z.number().int(),
  firstMonth: z.string().nullable(),
  lastMonth: z.string().nullable(),
  /** The name changes are recorded under (annotations, reviews, populations). */
  author: z.string(),
  /** wal on a local disk; delete (rollback journal) on network and synced folders. */
  journalMode: z.enum(['wal', 'delete']),
  location: z.enum(['local', 'network', 'sync-folder']),
  /** What told where it lies: "OneDrive folder", "NFS", "network path (UNC)", "local disk". */
  locationDetail: z.string(),
  /** Why it is open read-only, when it is. */
  readOnly: z.string().nullable(),
  /** What the integrity check found, when it is damaged. */
  damaged: z.string().nullable(),
  /** Who holds it, when another machine or process does. */
  lockedBy: z.object({ user: z.string(), machine: z.string(), since: z.string() }).nullable(),
}));
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;

export const PeriodOptionsSchema = z.lazy(() => z.object({
  defaultPeriod: z.string().nullable(),
  quarters: z.array(z.string()),
  years: z.array(z.string()),
}));
export type PeriodOptions = z.infer<typeof PeriodOptionsSchema>;

const ComparisonDisplaySchema = z.lazy(() => z.object({
  current: z.string(),
  previous: z.string(),
  change: z.string(),
  changePercent: z.string(),
}));

export const KpiTableRowSchema = z.lazy(() => z.object({
  kpiId: z.string(),
  number: z.string(),
  name: z.string(),
  section: z.number().int(),
  unit: UnitSchema,
  direction: DirectionSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  current: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  changePercent: z.number().nullable(),
  /** The period's verdict (Making Data Count's variation and assurance), the same everywhere it is shown. */
  verdict: RowVerdictSchema,
  /** The KPI's reporting source ("force", "data.police.uk") and its name under a table ("data.police.uk open data"). */
  source: z.string(),
  sourceName: z.string(),
  /** The change and the verdict in words, kept apart: "up 5%, within common-cause variation". */
  words: z.string(),
  coverage: z.object({
    current: z.object({ months: z.number().int(), expected: z.number().int() }),
    previous: z.object({ months: z.number().int(), expected: z.number().int() }),
  }),
  display: ComparisonDisplaySchema,
}));
export type KpiTableRowDto = z.infer<typeof KpiTableRowSchema>;

export const KpiTableSchema = z.lazy(() => z.object({
  period: z.string(),
  periodLong: z.string(),
  previousPeriod: z.string(),
  headers: z.object({ current: z.string(), previous: z.string() }),
  isDemo: z.boolean(),
  rows: z.array(KpiTableRowSchema),
}));
export type KpiTable = z.infer<typeof KpiTableSchema>;

export { TrendSchema, type Trend } from './trendSchema';
import { TrendSchema } from './trendSchema';

export const ProvenanceSchema = z.lazy(() => z.object({
  importId: z.number().int().nullable(),
  source: z.string(),
  file: z.string().nullable(),
  sheet: z.string().nullable(),
  cell: z.string().nullable(),
}));
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const HistoryPointSchema = z.lazy(() => z.object({
  month: z.string(),
  value: z.number(),
  provenance: ProvenanceSchema,
}));

export const HistorySchema = z.lazy(() => z.object({
  kpi: KpiSchema,
  breakdown: z.string().nullable(),
  category: z.string().nullable(),
  points: z.array(HistoryPointSchema),
  breakdowns: z.array(z.object({ dimension: z.string(), category: z.string() })),
}));
export type History = z.infer<typeof HistorySchema>;

export const ImportProblemSchema = z.lazy(() => z.object({
  severity: z.enum(['error', 'warning']),
  /** What kind of problem, for logic to test (the message is for people): a label that matches no KPI, a file that gave nothing. */
  kind: z.enum(['unmatched_label', 'undefined_kpi', 'nothing_to_import']).optional(),
  file: z.string(),
  sheet: z.string().optional(),
  cell: z.string().optional(),
  message: z.string(),
}));
export type ImportProblemDto = z.infer<typeof ImportProblemSchema>;

const CountsSchema = z.object({ added: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });

export const SheetSampleSchema = z.lazy(() => z.object({
  key: z.string(),
  file: z.string(),
  sheet: z.string(),
  /** The sheet row number of rows[0] (1-based) and the column index of rows[0][0] (0 = A). */
  firstRow: z.number().int(),
  firstColumn: z.number().int(),
  rows: z.array(z.array(z.string())),
}));
export type SheetSample = z.infer<typeof SheetSampleSchema>;

export const ImportPreviewSchema = z.object({
  files: z.array(z.object({ file: z.string(), sha256: z.string(), sheets: z.array(z.object({ sheet: z.string(), layout: z.string(), figures: z.number().int(), title: z.string().optional() })) })),
  errors: z.array(ImportProblemSchema),
  warnings: z.array(ImportProblemSchema),
  skipped: z.array(z.string()),
  unmatched: z.array(z.object({ label: z.string(), file: z.string(), sheet: z.string(), cell: z.string(), figures: z.number().int() })),
  newKpis: z.array(z.object({ id: z.string(), section: z.number().int(), number: z.string(), name: z.string(), unit: UnitSchema, direction: DirectionSchema, label: z.string() })),
  summary: z.array(CountsSchema.extend({ kpiId: z.string(), number: z.string(), name: z.string() })),
  totals: CountsSchema,
  /** Figures the import would change, old → new (the first thousand). */
  changed: z.array(
    z.object({
      kpiId: z.string(),
      name: z.string(),
      period: z.string(),
      breakdown: z.string().nullable(),
      area: z.string().nullable(),
      oldValue: z.number(),
      newValue: z.number(),
      file: z.string(),
      sheet: z.string(),
      cell: z.string(),
    }),
  ),
  changedNotListed: z.number().int(),
  /** Saved mappings applied because a file has the shape of one imported before. */
  profiles: z.array(z.object({ file: z.string(), profile: z.string() })),
  /** Every label → KPI mapping in force for this import. */
  mappings: z.record(z.string(), z.string()),
  /** Every layout the analyst gave, by "file!sheet". */
  layouts: z.record(z.string(), LayoutChoiceSchema),
  /** Sheets with figures whose layout could not be told: the first rows and columns, to say how. */
  unread: z.array(SheetSampleSchema),
  canCommit: z.boolean(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportResultSchema = ImportPreviewSchema.extend({
  status: z.enum(['committed', 'nothing_to_do', 'blocked']),
  importId: z.number().int().nullable(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ImportJobStatusSchema = z.lazy(() => z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** What it is doing: "Reading force.xlsx", "Checking 250,000 figures", "Writing". */
  phase: z.string(),
  done: z.number().int(),
  /** 0 while the size of the step is not known. */
  total: z.number().int(),
  result: z.union([ImportResultSchema, ImportPreviewSchema]).nullable(),
  error: ApiErrorSchema.nullable(),
}));
export type ImportJobStatus = z.infer<typeof ImportJobStatusSchema>;

export const ImportEntrySchema = z.lazy(() => z.object({
  id: z.number().int(),
  kind: z.enum(['demo', 'file', 'manual']),
  label: z.string(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  createdAt: z.string(),
  undoneAt: z.string().nullable(),
  totals: CountsSchema,
}));
export type ImportEntry = z.infer<typeof ImportEntrySchema>;

const PeriodArg = z.string().min(1).max(80);

const VariationCountsSchema = z.lazy(() => z.object({
  special_improving: z.number().int(),
  special_concerning: z.number().int(),
  special_neither: z.number().int(),
  common_cause: z.number().int(),
  not_judged: z.number().int(),
  /** KPIs with a standard they consistently fail, or meet only hit and miss. */
  failing: z.number().int(),
}));

export const DashboardSummarySchema = z.lazy(() => z.object({
  period: z.string(),
  periodLong: z.string(),
  previousPeriod: z.string(),
  sensitivity: SensitivitySchema,
  sections: z.array(z.object({ number: z.number().int(), title: z.string(), counts: VariationCountsSchema })),
  /** Events of the period not yet explained or dismissed, and step changes awaiting a decision. */
  inbox: z.object({ events: z.number().int(), steps: z.number().int() }),
  /** Series (KPIs and breakdowns) judged for the period, and what chance alone would show among them. */
  judged: z.number().int(),
  chance: z.string(),
  cards: z.array(
    z.object({
      kpiId: z.string(),
      number: z.string(),
      name: z.string(),
      section: z.number().int(),
      current: z.string(),
      previous: z.string(),
      change: z.string(),
      changePercent: z.string(),
      words: z.string(),
      variation: VariationSchema.nullable(),
      side: z.enum(['high', 'low']).nullable(),
      assurance: AssuranceSchema.nullable(),
      notJudged: z.string().nullable(),
      unit: UnitSchema,
      spark: SparkSchema,
    }),
  ),
}));
export type DashboardSummary = z.infer<typeof DashboardSummarySchema>;

/**
 * What a workspace remembers about itself, asked for when it is created (the demo has its own): the force's
 * name and the default author for the report's cover (null until someone gives them: the computer's account
 * name is never used unasked), the default protective marking, and how sensitive the analysis is.
 */
/** The office's Word template for the report, and what the workbench read of it. */
export const ReportTemplateInfoSchema = z.lazy(() => z.object({
  fileName: z.string(),
  setBy: z.string(),
  setAt: z.string(),
  bodyFont: z.string().nullable(),
  headingFont: z.string().nullable(),
  /** "#6a1b4d"; the HTML and PDF use it for headings where it reads against white (4.5:1). */
  headingColour: z.string().nullable(),
  page: z.object({ widthMm: z.number(), heightMm: z.number() }),
  /** The words of its header and footer (a logo's are its pictures, counted in images). */
  header: z.string(),
  footer: z.string(),
  images: z.number().int(),
}));
export type ReportTemplateInfo = z.infer<typeof ReportTemplateInfoSchema>;

export const WorkspaceSettingsSchema = z.lazy(() => z.object({
  forceName: z.string().nullable(),
  author: z.string().nullable(),
  marking: MarkingSchema,
  /** Making Data Count's standard rules, or the conservative bar. */
  sensitivity: SensitivitySchema,
  /** The computer's account name, offered for the user to choose as author; never used unasked. */
  account: z.string().nullable(),
  /** The office's Word template the report is written in; null: the workbench's own look. */
  reportTemplate: ReportTemplateInfoSchema.nullable(),
}));
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const BackupSchema = z.lazy(() => z.object({
  id: z.string(),
  path: z.string(),
  createdAt: z.string(),
  reason: z.string(),
  /** -1 for a copy taken of a workspace too damaged to count. */
  observationCount: z.number().int(),
  bytes: z.number().int(),
}));
export const BackupListSchema = z.lazy(() => z.object({ folder: z.string(), backups: z.array(BackupSchema), totalBytes: z.number().int() }));

export const SettingsChangeSchema = z.lazy(() => z.object({
  forceName: z.string().trim().min(1, 'give the force’s name').max(200).optional(),
  author: z.string().trim().min(1, 'give the author’s name').max(200).optional(),
  marking: MarkingSchema.optional(),
  sensitivity: SensitivitySchema.optional(),
  /** A .docx or .dotx file to take as the report's template, or null for the workbench's own look. */
  reportTemplate: z.string().min(1).nullable().optional(),
}));
const SourceFiguresSchema = z.object({ source: z.string(), name: z.string(), figures: z.number().int() });
const KpiSourcesSchema = z.object({
  kpiId: z.string(),
  name: z.string(),
  /** The source as `--use` names it ("force" for the force's own) and as a sentence names it. */
  reporting: z.string().nullable(),
  reportingName: z.string().nullable(),
  sources: z.array(SourceFiguresSchema),
  choice: z.object({ source: z.string(), by: z.string(), at: z.string() }).nullable(),
});
export type KpiSources = z.infer<typeof KpiSourcesSchema>;
const ReconciliationSchema = z.object({
  kpiId: z.string(),
  name: z.string(),
  period: z.string(),
  sources: z.array(z.object({ source: z.string(), name: z.string(), value: z.number() })),
  /** The second source's figure less the first's (the force's own first, where it is one of them). */
  difference: z.number(),
  differencePercent: z.number().nullable(),
  /** The source the KPI is reported from everywhere else, named: "the force’s own systems". */
  reportedFrom: z.string(),
  /** The figures as the report prints them, in the KPI's unit. */
  unit: UnitSchema,
  display: z.object({ values: z.array(z.string()), difference: z.string(), differencePercent: z.string() }),
  /** The analyst's explanation of the difference, with who wrote it and when. */
  note: z.string().nullable(),
  noted: z.object({ by: z.string(), at: z.string() }).nullable(),
});
export type Reconciliation = z.infer<typeof ReconciliationSchema>;
const NewKpiDefinitionSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  section: z.number().int().min(1).max(5),
  unit: UnitSchema,
  direction: DirectionSchema,
});
const ImportArgs = z.object({
  paths: z.array(z.string().min(1)).min(1),
  addUnknown: z.boolean().default(false),
  /** Labels the analyst mapped to KPIs: label → KPI id. */
  mappings: z.record(z.string(), z.string()).default({}),
  /** Labels to add as new KPIs. */
  addLabels: z.array(z.string()).default([]),
  /** What each label added as a new KPI is: its name, section, unit and direction of good, by label. */
  newKpis: z.record(z.string(), NewKpiDefinitionSchema).default({}),
  /** The definition of every added label not defined by itself (`--add-unknown --section N --unit U --direction D`). */
  newKpiDefaults: NewKpiDefinitionSchema.omit({ name: true }).optional(),
  /** How sheets the workbench cannot read by itself are laid out, by "file!sheet". */
  layouts: z.record(z.string(), LayoutChoiceSchema).default({}),
  /** The source the files' figures are from ("force" for the force's own); else as each file's shape says. */
  source: z.string().trim().min(1).max(80).optional(),
});

export const SourceSchema = z.lazy(() => z.object({
  month: z.string(),
  kpiId: z.string(),
  name: z.string(),
  value: z.number(),
  source: z.string(),
  file: z.string().nullable(),
  sheet: z.string().nullable(),
  cell: z.string().nullable(),
}));
export type Source = z.infer<typeof SourceSchema>;
const BreakdownArgs = {
  dimension: z.string().max(200).optional(),
  category: z.string().max(200).optional(),
};

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
   * as its source, and undone like an import.
   */
  'figures.enter': {
    args: z.object({
      kpiId: z.string(),
      month: MonthKeySchema,
      value: z.number().finite(),
      dimension: z.string().max(200).default(''),
      category: z.string().max(200).default(''),
    }),
    result: z.object({ importId: z.number().int(), previous: z.number().nullable() }),
  },
  /** Figures entered at one sitting (the return's entry grid): one entry in the import history, undone together. */
  'figures.enterMany': {
    args: z.object({
      entries: z
        .array(z.object({ kpiId: z.string(), month: MonthKeySchema, value: z.number().finite(), dimension: z.string().max(200).default(''), category: z.string().max(200).default('') }))
        .min(1)
        .max(5000),
    }),
    result: z.object({ importId: z.number().int(), added: z.number().int(), changed: z.number().int() }),
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
