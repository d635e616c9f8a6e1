import type { Annotation, AnnotationCategory, AnnotationFields } from '../shared/domain/annotation';
import type { Db } from './open';

interface AnnotationRow {
  id: number;
  scope: 'kpis' | 'all';
  month_from: string;
  month_to: string;
  category: AnnotationCategory;
  text: string;
  author: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  kpi_ids: string | null;
}

export type { AnnotationFields };

export interface AnnotationRevision {
  action: 'created' | 'edited' | 'deleted' | 'restored';
  author: string;
  changedAt: string;
  fields: AnnotationFields;
}

const SELECT = `
  SELECT a.*, (SELECT json_group_array(kpi_id) FROM (SELECT kpi_id FROM annotation_kpis k WHERE k.annotation_id = a.id ORDER BY kpi_id)) AS kpi_ids
  FROM annotations a`;

function fromRow(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    scope: row.scope,
    kpiIds: row.scope === 'all' ? [] : (JSON.parse(row.kpi_ids ?? '[]') as string[]),
    from: row.month_from,
    to: row.month_to,
    category: row.category,
    text: row.text,
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export interface AnnotationQuery {
  /** Words that must all appear in the text, category, author or KPI ids (any case). */
  search?: string;
  kpiId?: string;
  includeDeleted?: boolean;
}

/** Annotations, newest month first. */
export function listAnnotations(db: Db, query: AnnotationQuery = {}): Annotation[] {
  const rows = db.prepare<unknown[], AnnotationRow>(`${SELECT} ORDER BY a.month_from DESC, a.id DESC`).all();
  const words = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return rows
    .map(fromRow)
    .filter((a) => query.includeDeleted || a.deletedAt === null)
    .filter((a) => !query.kpiId || a.scope === 'all' || a.kpiIds.includes(query.kpiId))
    .filter((a) => {
      if (!words.length) return true;
      const haystack = [a.text, a.category.replace(/_/g, ' '), a.author, a.from, a.to, ...a.kpiIds].join(' ').toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
}

export function getAnnotation(db: Db, id: number): Annotation | undefined {
  const row = db.prepare<unknown[], AnnotationRow>(`${SELECT} WHERE a.id = ?`).get(id);
  return row && fromRow(row);
}

function fieldsOf(a: Annotation): AnnotationFields {
  return { scope: a.scope, kpiIds: a.kpiIds, from: a.from, to: a.to, category: a.category, text: a.text };
}

function recordRevision(db: Db, id: number, action: AnnotationRevision['action'], author: string, now: string): void {
  const current = getAnnotation(db, id)!;
  db.prepare('INSERT INTO annotation_revisions (annotation_id, action, author, changed_at, snapshot) VALUES (?, ?, ?, ?, ?)').run(
    id,
    action,
    author,
    now,
    JSON.stringify(fieldsOf(current)),
  );
}

function writeKpis(db: Db, id: number, fields: AnnotationFields): void {
  db.prepare('DELETE FROM annotation_kpis WHERE annotation_id = ?').run(id);
  if (fields.scope === 'all') return;
  const insert = db.prepare('INSERT INTO annotation_kpis (annotation_id, kpi_id) VALUES (?, ?)');
  for (const kpiId of new Set(fields.kpiIds)) insert.run(id, kpiId);
}

export function createAnnotation(db: Db, fields: AnnotationFields, author: string, now = new Date().toISOString()): Annotation {
  return db.transaction(() => {
    const { lastInsertRowid } = db
      .prepare('INSERT INTO annotations (scope, month_from, month_to, category, text, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(fields.scope, fields.from, fields.to, fields.category, fields.text, author, now, now);
    const id = Number(lastInsertRowid);
    writeKpis(db, id, fields);
    recordRevision(db, id, 'created', author, now);
    return getAnnotation(db, id)!;
  })();
}

/** Changes an annotation; the author of the change is kept in its history, the original author stays. */
export function updateAnnotation(db: Db, id: number, fields: AnnotationFields, author: string, now = new Date().toISOString()): Annotation {
  return db.transaction(() => {
    db.prepare('UPDATE annotations SET scope = ?, month_from = ?, month_to = ?, category = ?, text = ?, updated_at = ? WHERE id = ?').run(
      fields.scope,
      fields.from,
      fields.to,
      fields.category,
      fields.text,
      now,
      id,
    );
    writeKpis(db, id, fields);
    recordRevision(db, id, 'edited', author, now);
    return getAnnotation(db, id)!;
  })();
}

/** Deleting hides an annotation; it stays in the file with its history and can be restored. */
export function setAnnotationDeleted(db: Db, id: number, deleted: boolean, author: string, now = new Date().toISOString()): Annotation {
  return db.transaction(() => {
    db.prepare('UPDATE annotations SET deleted_at = ?, updated_at = ? WHERE id = ?').run(deleted ? now : null, now, id);
    recordRevision(db, id, deleted ? 'deleted' : 'restored', author, now);
    return getAnnotation(db, id)!;
  })();
}

export function annotationHistory(db: Db, id: number): AnnotationRevision[] {
  const rows = db
    .prepare<unknown[], { action: AnnotationRevision['action']; author: string; changed_at: string; snapshot: string }>('SELECT action, author, changed_at, snapshot FROM annotation_revisions WHERE annotation_id = ? ORDER BY id')
    .all(id);
  return rows.map((r) => ({ action: r.action, author: r.author, changedAt: r.changed_at, fields: JSON.parse(r.snapshot) as AnnotationFields }));
}
