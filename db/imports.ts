import type { Db } from './open';

export type ImportKind = 'demo' | 'file' | 'manual';

export interface NewImport {
  kind: ImportKind;
  label: string;
  fileName?: string;
  fileSha256?: string;
}

export function createImport(db: Db, entry: NewImport, now = new Date().toISOString()): number {
  const result = db
    .prepare('INSERT INTO imports (kind, label, file_name, file_sha256, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(entry.kind, entry.label, entry.fileName ?? null, entry.fileSha256 ?? null, now);
  return Number(result.lastInsertRowid);
}

export function setImportSummary(db: Db, importId: number, summary: unknown): void {
  db.prepare('UPDATE imports SET summary = ? WHERE id = ?').run(JSON.stringify(summary), importId);
}
