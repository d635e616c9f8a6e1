import type { Db } from './open';

/** A Panel question as the workspace keeps it. */
export interface QuestionRecord {
  id: number;
  meeting: string;
  member: string | null;
  text: string;
  kpiIds: string[];
  period: string;
  answer: string;
  /** Findings of the number check accepted as written: by whom, when and why. */
  accepted: { id: string; reason: string; by: string; at: string }[];
  answeredAt: string | null;
  answeredBy: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

interface Row {
  id: number;
  meeting: string;
  member: string | null;
  text: string;
  kpi_ids: string;
  period: string;
  answer: string;
  accepted: string;
  answered_at: string | null;
  answered_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const fromRow = (r: Row): QuestionRecord => ({
  id: r.id,
  meeting: r.meeting,
  member: r.member,
  text: r.text,
  kpiIds: JSON.parse(r.kpi_ids),
  period: r.period,
  answer: r.answer,
  accepted: JSON.parse(r.accepted),
  answeredAt: r.answered_at,
  answeredBy: r.answered_by,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

/** Every question not deleted, the Panel's order: by meeting, then as recorded. */
export function listQuestions(db: Db): QuestionRecord[] {
  return db.prepare<[], Row>('SELECT * FROM panel_questions WHERE deleted_at IS NULL ORDER BY meeting, id').all().map(fromRow);
}

export function getQuestion(db: Db, id: number): QuestionRecord | undefined {
  const row = db.prepare<[number], Row>('SELECT * FROM panel_questions WHERE id = ?').get(id);
  return row && fromRow(row);
}

export function addQuestion(db: Db, q: Pick<QuestionRecord, 'meeting' | 'member' | 'text' | 'kpiIds' | 'period' | 'createdBy'>, now = new Date().toISOString()): QuestionRecord {
  const id = Number(
    db
      .prepare('INSERT INTO panel_questions (meeting, member, text, kpi_ids, period, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(q.meeting, q.member, q.text, JSON.stringify(q.kpiIds), q.period, q.createdBy, now, now).lastInsertRowid,
  );
  return getQuestion(db, id)!;
}

export function saveQuestion(db: Db, q: QuestionRecord, now = new Date().toISOString()): QuestionRecord {
  db.prepare(
    `UPDATE panel_questions SET meeting = @meeting, member = @member, text = @text, kpi_ids = @kpiIds, period = @period, answer = @answer,
       accepted = @accepted, answered_at = @answeredAt, answered_by = @answeredBy, deleted_at = @deletedAt, updated_at = @now WHERE id = @id`,
  ).run({ ...q, kpiIds: JSON.stringify(q.kpiIds), accepted: JSON.stringify(q.accepted), now });
  return getQuestion(db, q.id)!;
}

export interface BriefExport {
  id: number;
  questionId: number;
  format: 'docx' | 'pdf';
  filePath: string;
  sha256: string;
  author: string;
  createdAt: string;
}

export function recordBrief(db: Db, b: Omit<BriefExport, 'id' | 'createdAt'>, now = new Date().toISOString()): number {
  return Number(
    db.prepare('INSERT INTO question_briefs (question_id, format, file_path, sha256, author, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(b.questionId, b.format, b.filePath, b.sha256, b.author, now).lastInsertRowid,
  );
}

/** Each question's briefs, newest first. */
export function listBriefs(db: Db): BriefExport[] {
  return db
    .prepare<[], { id: number; question_id: number; format: 'docx' | 'pdf'; file_path: string; sha256: string; author: string; created_at: string }>('SELECT * FROM question_briefs ORDER BY id DESC')
    .all()
    .map((r) => ({ id: r.id, questionId: r.question_id, format: r.format, filePath: r.file_path, sha256: r.sha256, author: r.author, createdAt: r.created_at }));
}

export function briefFile(db: Db, id: number): { filePath: string; sha256: string } | undefined {
  const row = db.prepare<[number], { file_path: string; sha256: string }>('SELECT file_path, sha256 FROM question_briefs WHERE id = ?').get(id);
  return row && { filePath: row.file_path, sha256: row.sha256 };
}
