import type { Db } from './open';

export interface ImportProfile {
  signature: string;
  name: string;
  mappings: Record<string, string>;
  /** Sheet name → how it is laid out, as the analyst said (see shared/import/layoutChoice.ts). */
  layouts: Record<string, unknown>;
  /** The source the analyst named for files of this shape (shared/domain/sources.ts); absent: as the file's layout says. */
  source?: string;
}

export function findProfile(db: Db, signature: string): ImportProfile | undefined {
  const row = db
    .prepare<[string], { signature: string; name: string; mappings: string; layouts: string; source: string | null }>('SELECT signature, name, mappings, layouts, source FROM import_profiles WHERE signature = ?')
    .get(signature);
  if (!row) return undefined;
  const { source, ...rest } = row;
  return { ...rest, mappings: JSON.parse(row.mappings), layouts: JSON.parse(row.layouts), ...(source !== null ? { source } : {}) };
}

/** Saves (or extends) the profile of a file shape. Runs inside the caller's transaction. */
export function saveProfile(db: Db, profile: ImportProfile, now = new Date().toISOString()): void {
  const known = findProfile(db, profile.signature);
  const mappings = { ...(known?.mappings ?? {}), ...profile.mappings };
  const layouts = { ...(known?.layouts ?? {}), ...profile.layouts };
  const source = profile.source ?? known?.source ?? null;
  db.prepare(
    `INSERT INTO import_profiles (signature, name, mappings, layouts, source, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (signature) DO UPDATE SET mappings = excluded.mappings, layouts = excluded.layouts, source = excluded.source, used_at = excluded.used_at`,
  ).run(profile.signature, profile.name, JSON.stringify(mappings), JSON.stringify(layouts), source, now, now);
}
