import type { Db } from './open';

/** A return workbook's mapping as stored: JSON that shared/returns/mapping.ts reads and checks. */
export function getReturnMapping(db: Db, layout: string): string | undefined {
  return db.prepare<[string], { mapping: string }>('SELECT mapping FROM return_mappings WHERE layout = ?').get(layout)?.mapping;
}

export function saveReturnMapping(db: Db, layout: string, mapping: string, now = new Date().toISOString()): void {
  db.prepare('INSERT INTO return_mappings (layout, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (layout) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at').run(layout, mapping, now);
}
