import crypto from 'node:crypto';
import type { ApiError } from '../../../shared/api/errors';
import { WorkbenchError } from '../../../shared/api/errors';
import type { ImportJobStatus } from '../../../shared/import/importSchemas';
import type { Session } from '../session';
import { commitSteps, planSteps, toPreview, type ImportOptions, type ImportStep } from './importService';
import { kpiIndex } from '../figures';
import { storageError } from '../../../db/storageErrors';
import { logDefect } from '../log';
import { oneLine } from '../../../shared/domain/quote';

interface Job extends ImportJobStatus {
  cancelRequested: boolean;
}

/** How many finished jobs are remembered for their status. */
const KEPT = 20;

/**
 * Imports run as jobs, one step at a time with the event loop free between steps, so that the window stays
 * responsive, shows progress, and can cancel: cancelling closes the steps, which rolls back anything written.
 */
export function createImportJobs(session: Session) {
  const jobs = new Map<string, Job>();

  const status = (job: Job): ImportJobStatus => {
    const { cancelRequested: _, ...rest } = job;
    return rest;
  };

  async function drive(job: Job, steps: AsyncGenerator<ImportStep, ImportJobStatus['result']>): Promise<void> {
    try {
      for (;;) {
        if (job.cancelRequested) {
          await steps.return(null);
          job.state = 'cancelled';
          return;
        }
        const next = await steps.next();
        if (next.done) {
          job.result = next.value;
          job.state = 'done';
          return;
        }
        Object.assign(job, next.value);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      job.state = 'failed';
      // A full disk, a read-only file, a busy workspace: said as such; anything else is a defect, logged in full.
      const known = error instanceof WorkbenchError ? error : storageError(error, session.peek().path);
      job.error = known
        ? known.toJSON()
        : ({ code: 'internal', message: `The import failed: ${oneLine(error instanceof Error ? error.message : String(error))}. Nothing was written.` } satisfies ApiError);
      if (!known) logDefect('an import job failed', error);
    }
  }

  async function* previewSteps(workspace: ReturnType<Session['current']>, paths: string[], options: ImportOptions) {
    const plan = yield* planSteps(workspace, paths, options);
    return toPreview(plan, kpiIndex(workspace).byId);
  }

  return {
    start(paths: string[], options: ImportOptions & { commit: boolean }): { jobId: string } {
      const workspace = session.current();
      const jobId = crypto.randomUUID();
      const job: Job = { jobId, state: 'running', phase: 'Starting', done: 0, total: 0, result: null, error: null, cancelRequested: false };
      jobs.set(jobId, job);
      for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEPT))) if (jobs.get(old)!.state !== 'running') jobs.delete(old);
      void drive(job, options.commit ? commitSteps(workspace, paths, options) : previewSteps(workspace, paths, options));
      return { jobId };
    },
    progress(jobId: string): ImportJobStatus {
      const job = jobs.get(jobId);
      if (!job) throw new WorkbenchError('not_found', 'That import is no longer known; start it again.');
      return status(job);
    },
    cancel(jobId: string): ImportJobStatus {
      const job = jobs.get(jobId);
      if (!job) throw new WorkbenchError('not_found', 'That import is no longer known.');
      if (job.state === 'running') job.cancelRequested = true;
      return status(job);
    },
  };
}
