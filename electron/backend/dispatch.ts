import { contract, isMethodName, type Api, type Envelope, type MethodName, type Result } from '../../shared/api/contract';
import { WorkbenchError, type ApiError } from '../../shared/api/errors';
import { oneLine } from '../../shared/domain/quote';
import { logDefect } from './log';
import { storageError } from '../../db/storageErrors';

export interface DispatchOptions {
  /** Where defects (not user errors) are written in full; the user sees a short message. */
  log?: (message: string, error: unknown) => void;
}

/** An envelope whose value is the named method's result, as the contract types it. */
export type MethodEnvelope<M extends MethodName> = { ok: true; value: Result<M> } | { ok: false; error: ApiError };

/**
 * The one door into the backend: checks the method and its arguments against the contract, runs it,
 * and turns every outcome into an envelope. IPC, the browser host and the command line all call this;
 * a caller that names the method gets its result typed, without a cast.
 */
export async function dispatch<M extends MethodName>(api: Api, method: M, rawArgs: unknown, options?: DispatchOptions): Promise<MethodEnvelope<M>>;
export async function dispatch(api: Api, method: string, rawArgs: unknown, options?: DispatchOptions): Promise<Envelope>;
export async function dispatch(api: Api, method: string, rawArgs: unknown, options: DispatchOptions = {}): Promise<Envelope> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'bad_arguments', message: `Unknown method "${method}".` } };
  }
  const parsed = contract[method].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'bad_arguments', message: `${method}: ${detail}` } };
  }
  try {
    const value = await (api[method] as (args: unknown) => unknown)(parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof WorkbenchError) return { ok: false, error: error.toJSON() };
    const storage = storageError(error);
    if (storage) return { ok: false, error: storage.toJSON() };
    (options.log ?? logDefect)(`${method} failed`, error);
    return {
      ok: false,
      error: { code: 'internal', message: `Something went wrong in ${method}: ${oneLine(error instanceof Error ? error.message : String(error))}. Nothing was changed.` },
    };
  }
}
