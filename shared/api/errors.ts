import * as z from 'zod';
// Object schemas are built when first used (z.lazy), not when loaded: see shared/api/contract.ts.

/** Where a problem is: the file, sheet and cell the analyst should look at. */
export const ErrorLocationSchema = z.lazy(() => z.object({
  file: z.string().optional(),
  sheet: z.string().optional(),
  cell: z.string().optional(),
}));
export type ErrorLocation = z.infer<typeof ErrorLocationSchema>;

export const ErrorCodeSchema = z.enum([
  'bad_arguments',
  'bad_period',
  'not_found',
  'workspace_newer',
  'not_a_workspace',
  'file_missing',
  'unsupported',
  'conflict',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.lazy(() => z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  location: ErrorLocationSchema.optional(),
}));
export type ApiError = z.infer<typeof ApiErrorSchema>;

/**
 * An error the user can act on. Its message is complete and shown as it is; anything else thrown is a
 * defect, logged in full and shown as a short apology.
 */
export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly location?: ErrorLocation;

  constructor(code: ErrorCode, message: string, location?: ErrorLocation) {
    super(message);
    this.name = 'WorkbenchError';
    this.code = code;
    this.location = location;
  }

  toJSON(): ApiError {
    return { code: this.code, message: this.message, ...(this.location ? { location: this.location } : {}) };
  }
}

/** "force.xlsx: KPI Summary!D7: message", the form every error line takes when it has a place. */
export function describeError(error: ApiError): string {
  const { sheet, cell } = error.location ?? {};
  // A message that already names its file ("notes.txt is not a workspace") is not given it again.
  const named = error.location?.file;
  const base = named?.split(/[\\/]/).pop();
  const file = named && base && error.message.includes(base) ? undefined : named;
  const place = [file, sheet && cell ? `${sheet}!${cell}` : sheet ?? cell].filter(Boolean).join(': ');
  return place ? `${place}: ${error.message}` : error.message;
}
