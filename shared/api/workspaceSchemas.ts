import * as z from 'zod';
import { MarkingSchema } from '../report/model';
import { SensitivitySchema } from './analysisSchemas';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.

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

/**
 * What a workspace remembers about itself, asked for when it is created (the demo has its own): the force's
 * name and the default author for the report's cover (null until someone gives them: the computer's account
 * name is never used unasked), the default protective marking, and how sensitive the analysis is.
 */
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
