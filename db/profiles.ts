import type { Db } from './open';

export interface ImportProfile {
  signature: string;
  name: string;
  mappings: Record<string, string>;
  /** Sheet name → how it is laid out, as the analyst said (see shared/import/layoutChoice.ts). */
  layouts: Record<string, unknown>;
}

export function findProfile(db: Db, signature: string): ImportProfile | undefined {
  const row = db
    .prepare<[string], { signature: string; name: string; mappings: string; layouts: string }>('SELECT signature, name, mappings, layouts FROM import_profiles WHERE signature = ?')
    .get(signature);
  return row ? { ...row, mappings: JSON.parse(row.mappings), layouts: JSON.parse(row.layouts) } : undefined;
}

/** Saves (or extends) the profile of a file shape. Runs inside the caller's transaction. */
export function saveProfile(db: Db, profile: ImportProfile, now = new Date().toISOString()): void {
  const known = findProfile(db, profile.signature);
  const mappings = { ...(known?.mappings ?? {}), ...profile.mappings };
  const layouts = { ...(known?.layouts ?? {}), ...profile.layouts };
  db.prepare(
    `INSERT INTO import_profiles (signature, name, mappings, layouts, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (signature) DO UPDATE SET mappings = excluded.mappings, layouts = excluded.layouts, used_at = excluded.used_at`,
  ).run(profile.signature, profile.name, JSON.stringify(mappings), JSON.stringify(layouts), now, now);
}
