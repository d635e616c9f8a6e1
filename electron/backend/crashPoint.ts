/**
 * Chosen points of an import at which the kill test stops the process dead (SIGKILL, as a power cut or a
 * task manager would), so that "all of it or none of it" is proven at each point rather than at moments
 * timed on one machine: WORKBENCH_CRASH_AT names the point ("inside-write:3" is after the third batch
 * written). Unset, as it is for every user, this does nothing.
 */
export type CrashPoint = 'before-backup' | 'before-write' | 'inside-write' | 'before-commit' | 'after-commit';

export function crashPoint(point: CrashPoint, count?: number): void {
  const wanted = process.env.WORKBENCH_CRASH_AT;
  if (!wanted) return;
  const [name, n] = wanted.split(':');
  if (name === point && (n === undefined || Number(n) === count)) process.kill(process.pid, 'SIGKILL');
}
