import { ApiErrorSchema, WorkbenchError } from './errors';
import type { ArgsInput, Envelope, MethodName, Result } from './contract';

/** Carries one call to the backend, by IPC or HTTP, and returns its envelope. */
export type Transport = (method: MethodName, args: unknown) => Promise<Envelope>;

export interface ApiClient {
  call<M extends MethodName>(method: M, args: ArgsInput<M>): Promise<Result<M>>;
}

/** A typed client over any transport; a failed call rejects with the backend's WorkbenchError. */
export function createApiClient(transport: Transport): ApiClient {
  return {
    async call(method, args) {
      const envelope = await transport(method, args);
      if (envelope.ok) return envelope.value as never;
      const error = ApiErrorSchema.parse(envelope.error);
      throw new WorkbenchError(error.code, error.message, error.location);
    },
  };
}
