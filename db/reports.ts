import type { GlossaryEntry, Marking, Paragraph, ReportDocument, ReportTemplate } from '../shared/report/model';
import type { Acceptance } from '../shared/report/reportSchemas';
import type { Db } from './open';

export interface ReportRecord {
  id: number;
  period: string;
  title: string;
  author: string;
  marking: Marking;
  template: ReportTemplate;
  paragraphs: Paragraph[];
  glossary: GlossaryEntry[];
  accepted: Acceptance[];
  /** Annotations (by id) the analyst left out of this report: their notices no longer show. */
  leftOut: number[];
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number;
  period: string;
  title: string;
  author: string;
  marking: Marking;
  template: string;
  paragraphs: string;
  glossary: string;
  accepted: string;
  left_out: string;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: Row): ReportRecord => ({
  id: r.id,
  period: r.period,
  title: r.title,
  author: r.author,
  marking: r.marking,
  template: JSON.parse(r.template),
  paragraphs: JSON.parse(r.paragraphs),
  glossary: JSON.parse(r.glossary),
  // Reports saved before acceptances carried a reason hold bare finding ids.
  accepted: (JSON.parse(r.accepted) as (string | Acceptance)[]).map((a) => (typeof a === 'string' ? { id: a, reason: '', by: '', at: '' } : a)),
  leftOut: JSON.parse(r.left_out),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function getReport(db: Db, period: string): ReportRecord | undefined {
  const row = db.prepare<unknown[], Row>('SELECT * FROM reports WHERE period = ?').get(period);
  return row && fromRow(row);
}

/** The report saved most recently, other than this period's: where last quarter's wording is carried from. */
export function latestOtherReport(db: Db, period: string): ReportRecord | undefined {
  const row = db.prepare<unknown[], Row>('SELECT * FROM reports WHERE period <> ? ORDER BY updated_at DESC, id DESC LIMIT 1').get(period);
  return row && fromRow(row);
}

export type ReportFields = Omit<ReportRecord, 'id' | 'createdAt' | 'updatedAt'>;

export function saveReport(db: Db, report: ReportFields, now = new Date().toISOString()): ReportRecord {
  db.prepare(
    `INSERT INTO reports (period, title, author, marking, template, paragraphs, glossary, accepted, left_out, created_at, updated_at)
     VALUES (@period, @title, @author, @marking, @template, @paragraphs, @glossary, @accepted, @leftOut, @now, @now)
     ON CONFLICT (period) DO UPDATE SET title = excluded.title, author = excluded.author, marking = excluded.marking,
       template = excluded.template, paragraphs = excluded.paragraphs, glossary = excluded.glossary,
       accepted = excluded.accepted, left_out = excluded.left_out, updated_at = excluded.updated_at`,
  ).run({
    period: report.period,
    title: report.title,
    author: report.author,
    marking: report.marking,
    template: JSON.stringify(report.template),
    paragraphs: JSON.stringify(report.paragraphs),
    glossary: JSON.stringify(report.glossary),
    accepted: JSON.stringify(report.accepted),
    leftOut: JSON.stringify(report.leftOut),
    now,
  });
  return getReport(db, report.period)!;
}

export interface ReportExport {
  id: number;
  version: 'draft' | 'final';
  format: 'docx' | 'pdf' | 'html';
  filePath: string;
  sha256: string;
  author: string;
  createdAt: string;
}

export function recordExport(db: Db, reportId: number, e: Omit<ReportExport, 'id' | 'createdAt'>, document: ReportDocument, now = new Date().toISOString()): number {
  return Number(
    db
      .prepare('INSERT INTO report_exports (report_id, version, format, file_path, sha256, author, created_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(reportId, e.version, e.format, e.filePath, e.sha256, e.author, now, JSON.stringify(document)).lastInsertRowid,
  );
}

/** Every export of a report, newest first, with the document each was written from. */
export function listExports(db: Db, reportId: number): (ReportExport & { document: ReportDocument })[] {
  return (
    db.prepare<unknown[], {
      id: number;
      version: 'draft' | 'final';
      format: 'docx' | 'pdf' | 'html';
      file_path: string;
      sha256: string;
      author: string;
      created_at: string;
      document: string;
    }>('SELECT id, version, format, file_path, sha256, author, created_at, document FROM report_exports WHERE report_id = ? ORDER BY id DESC').all(reportId)
  ).map((r) => ({ id: r.id, version: r.version, format: r.format, filePath: r.file_path, sha256: r.sha256, author: r.author, createdAt: r.created_at, document: JSON.parse(r.document) }));
}

/** Every file path exports have been written to: names an automatic export must not take again. */
export function exportedPaths(db: Db): string[] {
  return (db.prepare<unknown[], { file_path: string }>('SELECT file_path FROM report_exports UNION SELECT file_path FROM data_exports').all()).map((r) => r.file_path);
}

/** The document an export was written from, to write it again exactly. */
export function exportedDocument(db: Db, exportId: number): { document: ReportDocument; format: string; filePath: string; version: 'draft' | 'final' } | undefined {
  const row = db
    .prepare<[number], { document: string; format: string; file_path: string; version: 'draft' | 'final' }>('SELECT document, format, file_path, version FROM report_exports WHERE id = ?')
    .get(exportId);
  return row && { document: JSON.parse(row.document), format: row.format, filePath: row.file_path, version: row.version };
}

export function listReports(db: Db): { period: string; title: string; updatedAt: string; exports: number }[] {
  return (
    db
      .prepare<unknown[], { period: string; title: string; updated_at: string; exports: number }>('SELECT r.period, r.title, r.updated_at, (SELECT count(*) FROM report_exports e WHERE e.report_id = r.id) AS exports FROM reports r ORDER BY r.updated_at DESC, r.id DESC')
      .all()
  ).map((r) => ({ period: r.period, title: r.title, updatedAt: r.updated_at, exports: r.exports }));
}

/** Where an export was written and what it held, to open or download it and tell whether it was changed since. */
export function reportExportFile(db: Db, exportId: number): { filePath: string; sha256: string } | undefined {
  const row = db.prepare<unknown[], { file_path: string; sha256: string }>('SELECT file_path, sha256 FROM report_exports WHERE id = ?').get(exportId);
  return row && { filePath: row.file_path, sha256: row.sha256 };
}
