import type { Db } from './open';

export interface ImportProfile {
  signature: string;
  name: string;
  mappings: Record<string, string>;
}

export function findProfile(db: Db, signature: string): ImportProfile | undefined {
  const row = db.prepare('SELECT signature, name, mappings FROM import_profiles WHERE signature = ?').get(signature) as
    | { signature: string; name: string; mappings: string }
    | undefined;
  return row ? { ...row, mappings: JSON.parse(row.mappings) } : undefined;
}

/** Saves (or extends) the profile of a file shape. Runs inside the caller's transaction. */
export function saveProfile(db: Db, profile: ImportProfile, now = new Date().toISOString()): void {
  const known = findProfile(db, profile.signature);
  const mappings = { ...(known?.mappings ?? {}), ...profile.mappings };
  db.prepare(
    `INSERT INTO import_profiles (signature, name, mappings, created_at, used_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (signature) DO UPDATE SET mappings = excluded.mappings, used_at = excluded.used_at`,
  ).run(profile.signature, profile.name, JSON.stringify(mappings), now, now);
}
