import type { Db } from './open';

export interface ReconciliationNote {
  kpiId: string;
  /** As the period is written: "Q1 2019/20". */
  period: string;
  note: string;
  by: string;
  at: string;
}

/** The analyst's notes on the differences between sources, by KPI and period ("kpiId\0period"). */
export function reconciliationNotes(db: Db): Map<string, ReconciliationNote> {
  const rows = db
    .prepare<[], ReconciliationNote>('SELECT kpi_id AS kpiId, period, note, noted_by AS by, noted_at AS at FROM reconciliation_notes')
    .all();
  return new Map(rows.map((r) => [reconciliationNoteKey(r.kpiId, r.period), r]));
}

export function reconciliationNoteKey(kpiId: string, period: string): string {
  return `${kpiId}\u0000${period}`;
}

/** Keeps, replaces or (with an empty note) removes the note on a KPI's difference in a period. */
export function setReconciliationNote(db: Db, kpiId: string, period: string, note: { text: string; by: string } | null, now = new Date().toISOString()): void {
  if (note === null) db.prepare('DELETE FROM reconciliation_notes WHERE kpi_id = ? AND period = ?').run(kpiId, period);
  else
    db.prepare(
      `INSERT INTO reconciliation_notes (kpi_id, period, note, noted_by, noted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kpi_id, period) DO UPDATE SET note = excluded.note, noted_by = excluded.noted_by, noted_at = excluded.noted_at`,
    ).run(kpiId, period, note.text, note.by, now);
}
