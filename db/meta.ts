import type { Db } from './open';

/**
 * Every key the workspace keeps in workspace_meta, and what its value holds. A key not named here cannot be
 * read or written: a misspelt key would otherwise read as "not set" without a word.
 */
export interface MetaKeys {
  /** The workspace's display name. */
  name: string;
  /** '1' for the demo workspace. */
  demo: '1';
  /** The force the workspace is for, as the returns and the report name it. */
  force_name: string;
  /** Who writes the report and the returns (a role, or a name). */
  author: string;
  /** JSON: { force, peers } for the Most Similar Forces page. */
  peer_group: string;
  /** The protective marking reports are drafted under. */
  marking: string;
  /** JSON: the report template the next report starts from. */
  report_template: string;
  /** JSON: how sensitive the verdicts are (shared/analysis settings). */
  sensitivity: string;
  /** The catalogue the workspace's KPIs were last brought up to date from (SHA-256 of its file). */
  catalogue_sha256: string;
  /** How many points a KPI's SPC limits are drawn from, per KPI. */
  [baseline: `spc_baseline:${string}`]: string;
}

export type MetaKey = keyof MetaKeys & string;

export function getMeta<K extends MetaKey>(db: Db, key: K): MetaKeys[K] | undefined {
  return db.prepare<[string], { value: MetaKeys[K] }>('SELECT value FROM workspace_meta WHERE key = ?').get(key)?.value;
}

/** Every key of a family ("spc_baseline:" and a KPI's id), by what follows the prefix, in one read. */
export function metaWithPrefix(db: Db, prefix: 'spc_baseline:'): Map<string, string> {
  const rows = db.prepare<[{ prefix: string }], { key: string; value: string }>('SELECT key, value FROM workspace_meta WHERE substr(key, 1, length(@prefix)) = @prefix').all({ prefix });
  return new Map(rows.map((r) => [r.key.slice(prefix.length), r.value]));
}

export function setMeta<K extends MetaKey>(db: Db, key: K, value: MetaKeys[K]): void {
  db.prepare('INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function deleteMeta(db: Db, key: MetaKey): void {
  db.prepare('DELETE FROM workspace_meta WHERE key = ?').run(key);
}

/**
 * A token that changes with every commit to the workspace: data_version moves when another connection
 * commits (the command line, another window), total_changes when this one writes.
 */
export function changeToken(db: Db): string {
  const others = db.pragma('data_version', { simple: true });
  const own = db.prepare<[], { n: number }>('SELECT total_changes() AS n').get()!.n;
  return `${others}|${own}`;
}
