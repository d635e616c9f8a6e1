import type { Db } from './open';

export function returnMarks(db: Db, templateId: string, period: string): Map<string, string> {
  const rows = db.prepare<unknown[], { cell: string; reason: string }>('SELECT cell, reason FROM return_marks WHERE template_id = ? AND period = ?').all(templateId, period);
  return new Map(rows.map((r) => [r.cell, r.reason]));
}

/** Marks a cell not available with a reason, or (reason null) takes the mark away. */
export function setReturnMark(db: Db, templateId: string, period: string, cell: string, reason: string | null, author: string, now = new Date().toISOString()): void {
  if (reason === null) {
    db.prepare('DELETE FROM return_marks WHERE template_id = ? AND period = ? AND cell = ?').run(templateId, period, cell);
    return;
  }
  db.prepare(
    `INSERT INTO return_marks (template_id, period, cell, reason, author, marked_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (template_id, period, cell) DO UPDATE SET reason = excluded.reason, author = excluded.author, marked_at = excluded.marked_at`,
  ).run(templateId, period, cell, reason, author, now);
}

export interface DataExport {
  id: number;
  kind: 'return' | 'tables';
  name: string;
  period: string;
  format: 'xlsx' | 'csv';
  filePath: string;
  sha256: string;
  author: string;
  createdAt: string;
}

export function recordDataExport(db: Db, e: Omit<DataExport, 'id' | 'createdAt'>, contents: unknown, now = new Date().toISOString()): number {
  return Number(
    db
      .prepare('INSERT INTO data_exports (kind, name, period, format, file_path, sha256, author, created_at, contents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.kind, e.name, e.period, e.format, e.filePath, e.sha256, e.author, now, JSON.stringify(contents)).lastInsertRowid,
  );
}

export function listDataExports(db: Db): DataExport[] {
  return (
    db.prepare<unknown[], {
      id: number;
      kind: 'return' | 'tables';
      name: string;
      period: string;
      format: 'xlsx' | 'csv';
      file_path: string;
      sha256: string;
      author: string;
      created_at: string;
    }>('SELECT id, kind, name, period, format, file_path, sha256, author, created_at FROM data_exports ORDER BY id DESC').all()
  ).map((r) => ({ id: r.id, kind: r.kind, name: r.name, period: r.period, format: r.format, filePath: r.file_path, sha256: r.sha256, author: r.author, createdAt: r.created_at }));
}

/** Where a return or table export was written and what it held. */
export function dataExportFile(db: Db, exportId: number): { filePath: string; sha256: string } | undefined {
  const row = db.prepare<unknown[], { file_path: string; sha256: string }>('SELECT file_path, sha256 FROM data_exports WHERE id = ?').get(exportId);
  return row && { filePath: row.file_path, sha256: row.sha256 };
}

/** What an export held, as it was recorded (JSON), for comparing with the workspace now. */
export function dataExportContents(db: Db, exportId: number): unknown {
  const row = db.prepare<unknown[], { contents: string }>('SELECT contents FROM data_exports WHERE id = ?').get(exportId);
  return row && JSON.parse(row.contents);
}
