import { useCallback, useEffect, useState } from 'react';
import type { ArgsInput, MethodName, Result } from '../../shared/api/contract';
import { api } from './api';
import { errorText } from './errorText';
import { useDataVersion } from './dataVersion';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/** Calls an API method whenever its arguments change, or the workspace changes elsewhere; the latest answer wins. */
export function useApi<M extends MethodName>(method: M, args: ArgsInput<M> | null, deps: readonly unknown[]): Loaded<Result<M>> {
  const [state, setState] = useState<{ data?: Result<M>; error?: string; loading: boolean }>({ loading: args !== null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // Read again when the workspace changed through another door, keeping what is shown until the answer comes.
  const dataVersion = useDataVersion();
  useEffect(() => {
    if (args === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    api.call(method, args).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: errorText(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation, dataVersion]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
