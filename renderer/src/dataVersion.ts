import { useSyncExternalStore } from 'react';
import type { ApiClient } from '../../shared/api/client';

/**
 * Views follow the data: one notification that the workspace changed through another door (the command line,
 * another window, another program), on which every view's data are read again. The backend's change token
 * is asked for every few seconds and when the window regains the focus; a change this window made itself is
 * taken as known as soon as its call returns, so it reloads nothing behind the analyst's back.
 */

const POLL_MS = 2000;
let version = 0;
let known: string | undefined;
const listeners = new Set<() => void>();

const bump = () => {
  version++;
  for (const l of listeners) l();
};

/** The number of changes from elsewhere seen so far: useApi reads again when it moves. */
export function useDataVersion(): number {
  return useSyncExternalStore(
    (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    () => version,
  );
}

/** Wraps the client: after each of this window's own calls, the token it leaves is the known one. */
export function followingChanges(client: ApiClient): ApiClient {
  return {
    async call(method, args) {
      const result = await client.call(method, args);
      if (method !== 'workspace.changes') {
        client.call('workspace.changes', {}).then(
          ({ token }) => (known = token),
          () => undefined,
        );
      }
      return result;
    },
  };
}

/** Starts asking for the token; returns the stop. A token other than the known one is a change from elsewhere. */
export function watchChanges(client: ApiClient): () => void {
  let stopped = false;
  const check = async () => {
    try {
      const { token } = await client.call('workspace.changes', {});
      if (stopped) return;
      if (known === undefined) known = token;
      else if (token !== known) {
        known = token;
        bump();
      }
    } catch {
      // A backend between workspaces, or gone: the next check will tell.
    }
  };
  void check();
  const timer = setInterval(() => void check(), POLL_MS);
  window.addEventListener('focus', check);
  return () => {
    stopped = true;
    clearInterval(timer);
    window.removeEventListener('focus', check);
  };
}
