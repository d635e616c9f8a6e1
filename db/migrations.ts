import fs from 'node:fs';
import { appPath } from './appRoot';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** The numbered SQL files in db/migrations, in order; numbering must run 1, 2, 3 … without gaps. */
export function loadMigrations(dir = appPath('db', 'migrations')): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => ({ version: Number(match[1]), name: match[2], sql: fs.readFileSync(`${dir}/${file}`, 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${String(i + 1).padStart(3, '0')} is missing from ${dir}`);
  });
  return migrations;
}
