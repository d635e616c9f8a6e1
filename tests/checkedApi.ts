import { createApi as createBackendApi } from '../electron/backend/api';
import { createSession, type Session } from '../electron/backend/session';
import { openWorkspace } from '../electron/backend/workspace';
import { contract, type Api, type MethodName } from '../shared/api/contract';

/**
 * The backend as the tests call it: every result is parsed against its method's result schema in the API
 * contract before a test sees it, so a backend that drifts from the contract (a field renamed, a number
 * that should be an integer, a null where a string is promised) fails the test that called it, and the
 * browser tests check every result the app is sent.
 */
export function createApi(session: Session, options?: Parameters<typeof createBackendApi>[1]): Api {
  return checkResults(createBackendApi(session, options));
}

/** Any implementation of the API, each result parsed against the contract before it is returned. */
export function checkResults(api: Api): Api {
  return new Proxy(api, {
    get(target, method: string) {
      const call = target[method as MethodName] as ((args: unknown) => unknown) | undefined;
      if (typeof call !== 'function' || !(method in contract)) return call;
      return async (args: unknown) => {
        const result = await call(args);
        const parsed = contract[method as MethodName].result.safeParse(result);
        if (!parsed.success) {
          const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'result'}: ${i.message}`).join('; ');
          throw new Error(`${method} returned a result its contract does not allow: ${issues}`);
        }
        return result;
      };
    },
  });
}

/** Opens a workspace file, hands its (checked) API to `use`, and closes it again, whatever happens. */
export async function withApi<T>(file: string, use: (api: Api) => Promise<T> | T): Promise<T> {
  const session = createSession(openWorkspace(file));
  try {
    return await use(createApi(session));
  } finally {
    session.close();
  }
}
