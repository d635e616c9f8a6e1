import { describeError, WorkbenchError } from '../../shared/api/errors';

/**
 * What the app says of a failure, with its place: "force.xlsx: KPI Summary!D7: …", as the command line
 * prints it. Every catch in the app shows errors through this, so no page drops the file, sheet or cell.
 */
export function errorText(error: unknown): string {
  if (error instanceof WorkbenchError) return describeError(error.toJSON());
  if (error instanceof Error) return error.message;
  return String(error);
}
