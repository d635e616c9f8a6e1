import type { Api, ArgsInput, MethodName, Result } from '../shared/api/contract';
import { WorkbenchError } from '../shared/api/errors';
import { dispatch } from './backend/dispatch';
import { KpiMatcher } from '../shared/import/labels';
import { MonthKeySchema } from '../shared/domain/annotation';

/** What the command line writes to; tests pass their own. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The user typed the command wrongly: said in one line, exit status 2. */
export class UsageError extends Error {}

export type Values = Record<string, string | boolean | string[] | undefined>;

/** Calls the backend through the same door as the app, so arguments are checked the same way. */
export async function call<M extends MethodName>(api: Api, method: M, args: ArgsInput<M>): Promise<Result<M>> {
  const envelope = await dispatch(api, method, args);
  if (!envelope.ok) throw new WorkbenchError(envelope.error.code, envelope.error.message, envelope.error.location);
  return envelope.value as Result<M>;
}

export function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

export function stringOption(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requiredOption(values: Values, name: string, command: string, example: string): string {
  const v = stringOption(values, name);
  if (v === undefined || v.trim() === '') throw new UsageError(`${command} needs --${name}, e.g. --${name} ${example}.`);
  return v;
}

/** A KPI named by id, number, name or alias, as the import matches labels. */
export async function kpiIdOf(api: Api, text: string, option = '--kpi'): Promise<string> {
  const kpis = await call(api, 'kpis.list', {});
  const id = new KpiMatcher(kpis).match(text);
  if (!id) throw new UsageError(`${option}: there is no KPI "${text}". \`workbench kpis\` lists them.`);
  return id;
}

export function monthOption(values: Values, name: string, command: string): string {
  const text = requiredOption(values, name, command, '2023-08');
  if (!MonthKeySchema.safeParse(text).success) throw new UsageError(`--${name} is a month written YYYY-MM, e.g. 2023-08, not "${text}".`);
  return text;
}

/** The options every command takes: the workspace, JSON output, and help. */
export const COMMON = { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
