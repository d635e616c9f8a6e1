import type { GlossaryEntry, Marking, Paragraph, ReportDocument, ReportTemplate } from '../shared/report/model';
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
  accepted: string[];
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
  accepted: JSON.parse(r.accepted),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function getReport(db: Db, period: string): ReportRecord | undefined {
  const row = db.prepare('SELECT * FROM reports WHERE period = ?').get(period) as Row | undefined;
  return row && fromRow(row);
}

/** The report saved most recently, other than this period's: where last quarter's wording is carried from. */
export function latestOtherReport(db: Db, period: string): ReportRecord | undefined {
  const row = db.prepare('SELECT * FROM reports WHERE period <> ? ORDER BY updated_at DESC, id DESC LIMIT 1').get(period) as Row | undefined;
  return row && fromRow(row);
}

export type ReportFields = Omit<ReportRecord, 'id' | 'createdAt' | 'updatedAt'>;

export function saveReport(db: Db, report: ReportFields, now = new Date().toISOString()): ReportRecord {
  db.prepare(
    `INSERT INTO reports (period, title, author, marking, template, paragraphs, glossary, accepted, created_at, updated_at)
     VALUES (@period, @title, @author, @marking, @template, @paragraphs, @glossary, @accepted, @now, @now)
     ON CONFLICT (period) DO UPDATE SET title = excluded.title, author = excluded.author, marking = excluded.marking,
       template = excluded.template, paragraphs = excluded.paragraphs, glossary = excluded.glossary,
       accepted = excluded.accepted, updated_at = excluded.updated_at`,
  ).run({
    period: report.period,
    title: report.title,
    author: report.author,
    marking: report.marking,
    template: JSON.stringify(report.template),
    paragraphs: JSON.stringify(report.paragraphs),
    glossary: JSON.stringify(report.glossary),
    accepted: JSON.stringify(report.accepted),
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

export function listExports(db: Db, reportId: number): ReportExport[] {
  return (
    db.prepare('SELECT id, version, format, file_path, sha256, author, created_at FROM report_exports WHERE report_id = ? ORDER BY id DESC').all(reportId) as {
      id: number;
      version: 'draft' | 'final';
      format: 'docx' | 'pdf' | 'html';
      file_path: string;
      sha256: string;
      author: string;
      created_at: string;
    }[]
  ).map((r) => ({ id: r.id, version: r.version, format: r.format, filePath: r.file_path, sha256: r.sha256, author: r.author, createdAt: r.created_at }));
}

/** The document an export was written from, to write it again exactly. */
export function exportedDocument(db: Db, exportId: number): { document: ReportDocument; format: string } | undefined {
  const row = db.prepare('SELECT document, format FROM report_exports WHERE id = ?').get(exportId) as { document: string; format: string } | undefined;
  return row && { document: JSON.parse(row.document), format: row.format };
}

export function listReports(db: Db): { period: string; title: string; updatedAt: string; exports: number }[] {
  return (
    db
      .prepare('SELECT r.period, r.title, r.updated_at, (SELECT count(*) FROM report_exports e WHERE e.report_id = r.id) AS exports FROM reports r ORDER BY r.updated_at DESC, r.id DESC')
      .all() as { period: string; title: string; updated_at: string; exports: number }[]
  ).map((r) => ({ period: r.period, title: r.title, updatedAt: r.updated_at, exports: r.exports }));
}
