import type { Db } from './open';

/** The office's Word template as the workspace keeps it: one, or none (the workbench's own look). */
export interface StoredWordTemplate {
  fileName: string;
  content: Buffer;
  /** JSON: what the workbench read of it (electron/backend/report/wordTemplate.ts). */
  info: string;
  setBy: string;
  setAt: string;
}

interface Row {
  file_name: string;
  content: Buffer;
  info: string;
  set_by: string;
  set_at: string;
}

export function getWordTemplate(db: Db, options: { content: boolean } = { content: true }): StoredWordTemplate | undefined {
  // Settings ask for what it is on every read; the file itself is read only to export.
  const row = db.prepare<[], Row>(`SELECT file_name, ${options.content ? 'content' : "X'' AS content"}, info, set_by, set_at FROM report_word_template WHERE id = 1`).get();
  return row && { fileName: row.file_name, content: row.content, info: row.info, setBy: row.set_by, setAt: row.set_at };
}

export function setWordTemplate(db: Db, template: StoredWordTemplate): void {
  db.prepare(
    `INSERT INTO report_word_template (id, file_name, content, info, set_by, set_at) VALUES (1, @fileName, @content, @info, @setBy, @setAt)
     ON CONFLICT (id) DO UPDATE SET file_name = excluded.file_name, content = excluded.content, info = excluded.info, set_by = excluded.set_by, set_at = excluded.set_at`,
  ).run(template);
}

export function clearWordTemplate(db: Db): void {
  db.prepare('DELETE FROM report_word_template').run();
}
