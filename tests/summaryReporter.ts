import type { Reporter, SerializedError, TestModule, TestSuite } from 'vitest/node';

export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed outside any test: could not load, or a hook or the file's own code threw. */
  brokenFiles: number;
  /** Errors thrown outside every test and file (an unhandled rejection, say). */
  unhandled: number;
}

function suitesOf(parent: TestModule | TestSuite): TestSuite[] {
  return [...parent.children.allSuites()];
}

/** What a run amounted to; an error outside a test is a failure, never nothing. */
export function countRun(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): RunCounts {
  const counts: RunCounts = { passed: 0, failed: 0, skipped: 0, brokenFiles: 0, unhandled: unhandledErrors.length };
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed') counts.failed++;
      else counts.skipped++;
    }
    const erroredOutsideTests = module.errors().length > 0 || suitesOf(module).some((suite) => suite.errors().length > 0);
    if (erroredOutsideTests || (module.state() === 'failed' && !module.children.allTests('failed').next().value)) counts.brokenFiles++;
  }
  counts.failed += counts.brokenFiles + counts.unhandled;
  return counts;
}

export function summaryLine(counts: RunCounts): string {
  const notes = [
    counts.brokenFiles ? `${counts.brokenFiles} test file${counts.brokenFiles === 1 ? '' : 's'} failed outside a test` : '',
    counts.unhandled ? `${counts.unhandled} unhandled error${counts.unhandled === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", that any CI log reader understands.
 * A file that fails to load, or errors outside its tests, counts as failed, and the run exits non-zero.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = countRun(testModules, unhandledErrors);
    process.stdout.write(`\n${summaryLine(counts)}\n`);
    if (counts.failed > 0) process.exitCode = 1;
  }
}
