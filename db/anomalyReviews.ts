import type { Db } from './open';

export interface FigureAt {
  kpiId: string;
  dimension: string;
  category: string;
  month: string;
}

export interface AnomalyReview extends FigureAt {
  status: 'explained' | 'dismissed';
  rule: string;
  reason: string;
  annotationId: number | null;
  author: string;
  reviewedAt: string;
}

export function reviewKey(f: FigureAt): string {
  return [f.kpiId, f.dimension, f.category, f.month].join('\u0000');
}

export function listReviews(db: Db): Map<string, AnomalyReview> {
  const rows = db.prepare<unknown[], {
    kpi_id: string;
    dimension: string;
    category: string;
    month: string;
    status: 'explained' | 'dismissed';
    rule: string;
    reason: string;
    annotation_id: number | null;
    author: string;
    reviewed_at: string;
  }>('SELECT * FROM anomaly_reviews ORDER BY id').all();
  const reviews = rows.map((r) => ({
    kpiId: r.kpi_id,
    dimension: r.dimension,
    category: r.category,
    month: r.month,
    status: r.status,
    rule: r.rule,
    reason: r.reason,
    annotationId: r.annotation_id,
    author: r.author,
    reviewedAt: r.reviewed_at,
  }));
  return new Map(reviews.map((r) => [reviewKey(r), r]));
}

/** Records the analyst's decision on a flagged figure, replacing any earlier one. */
export function saveReview(db: Db, review: AnomalyReview): void {
  db.prepare(
    `INSERT INTO anomaly_reviews (kpi_id, dimension, category, month, status, rule, reason, annotation_id, author, reviewed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kpi_id, dimension, category, month) DO UPDATE SET status = excluded.status, rule = excluded.rule,
       reason = excluded.reason, annotation_id = excluded.annotation_id, author = excluded.author, reviewed_at = excluded.reviewed_at`,
  ).run(review.kpiId, review.dimension, review.category, review.month, review.status, review.rule, review.reason, review.annotationId, review.author, review.reviewedAt);
}

/** Puts a figure back in the inbox; an annotation written to explain it stays. */
export function deleteReview(db: Db, f: FigureAt): boolean {
  return db.prepare('DELETE FROM anomaly_reviews WHERE kpi_id = ? AND dimension = ? AND category = ? AND month = ?').run(f.kpiId, f.dimension, f.category, f.month).changes > 0;
}
