import type { Db } from './open';

export interface StepDecision {
  kpiId: string;
  /** The first month at the new level, YYYY-MM. */
  month: string;
  status: 'accepted' | 'dismissed';
  before: number;
  after: number;
  reason: string;
  annotationId: number | null;
  author: string;
  decidedAt: string;
}

interface Row {
  kpi_id: string;
  month: string;
  status: 'accepted' | 'dismissed';
  level_before: number;
  level_after: number;
  reason: string;
  annotation_id: number | null;
  author: string;
  decided_at: string;
}

const fromRow = (r: Row): StepDecision => ({
  kpiId: r.kpi_id,
  month: r.month,
  status: r.status,
  before: r.level_before,
  after: r.level_after,
  reason: r.reason,
  annotationId: r.annotation_id,
  author: r.author,
  decidedAt: r.decided_at,
});

export function listStepDecisions(db: Db): StepDecision[] {
  return (db.prepare<unknown[], Row>('SELECT * FROM step_decisions ORDER BY kpi_id, month').all()).map(fromRow);
}

export function saveStepDecision(db: Db, d: StepDecision): void {
  db.prepare(
    `INSERT INTO step_decisions (kpi_id, month, status, level_before, level_after, reason, annotation_id, author, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kpi_id, month) DO UPDATE SET status = excluded.status, level_before = excluded.level_before, level_after = excluded.level_after,
       reason = excluded.reason, annotation_id = excluded.annotation_id, author = excluded.author, decided_at = excluded.decided_at`,
  ).run(d.kpiId, d.month, d.status, d.before, d.after, d.reason, d.annotationId, d.author, d.decidedAt);
}
