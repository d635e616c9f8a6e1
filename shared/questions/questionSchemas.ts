import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.
import { AcceptanceSchema, NarrativeIssueSchema } from '../report/reportSchemas';

/** What the Panel-question methods of the API contract take and give. */

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const MeetingDateSchema = z.string().regex(DAY, 'a meeting date is written YYYY-MM-DD, e.g. 2019-09-10');

export const BriefFormatSchema = z.enum(['docx', 'pdf']);
export type BriefFormat = z.infer<typeof BriefFormatSchema>;

export const QuestionSchema = z.lazy(() => z.object({
  id: z.number().int(),
  /** "Q3": how the action log and the brief name it. */
  label: z.string(),
  meeting: z.string(),
  member: z.string().nullable(),
  /** The words of the minutes. */
  text: z.string(),
  kpiIds: z.array(z.string()),
  kpiNames: z.array(z.string()),
  /** The period its figures are of, "Q1 2019/20". */
  period: z.string(),
  /** The answer as stored: a paragraph with live fields, as the report's are. */
  answer: z.string(),
  /** The answer as it reads, every live figure worked out. */
  rendered: z.string(),
  status: z.enum(['open', 'answered']),
  answeredAt: z.string().nullable(),
  answeredBy: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** The number check's findings on the answer, each with whether it was accepted as written. */
  issues: z.array(NarrativeIssueSchema),
  openIssues: z.number().int(),
  briefs: z.array(z.object({ id: z.number().int(), format: BriefFormatSchema, fileName: z.string(), path: z.string(), createdAt: z.string() })),
}));
export type QuestionDto = z.infer<typeof QuestionSchema>;

const MemberSchema = z.string().trim().max(200);
const QuestionTextSchema = z.string().trim().min(1, 'give the words of the minutes').max(4000);

export const QuestionAddSchema = z.lazy(() => z.object({
  meeting: MeetingDateSchema,
  member: MemberSchema.optional(),
  text: QuestionTextSchema,
  kpiIds: z.array(z.string().min(1)).max(20).default([]),
  /** The period the answer's figures are of; by default the last full quarter before the meeting. */
  period: z.string().min(1).max(80).optional(),
}));

export const QuestionChangesSchema = z.lazy(() => z.object({
  meeting: MeetingDateSchema.optional(),
  member: MemberSchema.nullable().optional(),
  text: QuestionTextSchema.optional(),
  kpiIds: z.array(z.string().min(1)).max(20).optional(),
  period: z.string().min(1).max(80).optional(),
  answer: z.string().max(20000).optional(),
  /** Findings accepted as written, each with why; the whole list, replacing the one saved. */
  accepted: z.array(AcceptanceSchema.pick({ id: true, reason: true })).max(500).optional(),
  /** Marks the question answered (with who and when) or open again. */
  answered: z.boolean().optional(),
}));
export type QuestionChanges = z.infer<typeof QuestionChangesSchema>;
