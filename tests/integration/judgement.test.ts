import { beforeAll, describe, expect, it } from 'vitest';
import { FALSE_ALARM_RATES } from '../../shared/analysis/sensitivity';
import { cli } from './cliHarness';
import { suiteWorkspaces } from './workspaceFixtures';

/**
 * What the analyst is told of a judgement beyond its icon: the direction of good of hidden-harm KPIs and who
 * chose another, how many series chance alone would flag, and a level too recent to call a step.
 */

const workspaces = suiteWorkspaces();
let demoDb: string;
beforeAll(() => {
  demoDb = workspaces.demo();
});

const json = async (...argv: string[]) => {
  const run = await cli(...argv);
  expect(run.err).toBe('');
  return JSON.parse(run.out);
};

describe('the direction of good', () => {
  it('is neutral for hidden-harm crimes, with the reason, and can be chosen otherwise with who and when', async () => {
    for (const kpi of ['rape', 'cse-offences', 'hate-crime', 'domestic-incidents']) {
      const shown = await json('direction', '--db', demoDb, '--kpi', kpi, '--json');
      expect(shown).toMatchObject({ kpiId: kpi, direction: 'neutral', choice: null });
      expect(shown.note).toMatch(/^More recorded can mean more reported/);
    }
    const before = await json('verdicts', '--db', demoDb, '--period', 'Q1 2019/20', '--json');
    const cse = (rows: { kpiId: string; breakdown: string | null; variation: string | null }[]) => rows.find((r) => r.kpiId === 'cse-offences' && r.breakdown === null)!;
    expect(['common_cause', 'special_neither', null]).toContain(cse(before).variation);

    process.env.WORKBENCH_AUTHOR = 'Performance Manager';
    try {
      const chosen = await json('direction', '--db', demoDb, '--kpi', 'CSE', '--set', 'down', '--json');
      expect(chosen).toMatchObject({ kpiId: 'cse-offences', direction: 'down', choice: { catalogue: 'neutral', by: 'Performance Manager' } });
      expect(Date.now() - Date.parse(chosen.choice.at)).toBeLessThan(60_000);
      const text = await cli('direction', '--db', demoDb, '--kpi', 'cse-offences');
      expect(text.out).toMatch(/^3\.13 Child Sexual Exploitation Offences: lower is better \(chosen by Performance Manager on \d{4}-\d{2}-\d{2}; the catalogue's: neither higher nor lower is better\)\n/);
      // The choice is the verdict's: a special cause is now improving or concerning, never "neither".
      const after = await json('verdicts', '--db', demoDb, '--period', 'Q1 2019/20', '--json');
      expect(cse(after).variation).not.toBe('special_neither');
      // The catalogue's own direction again takes the choice away.
      expect(await json('direction', '--db', demoDb, '--kpi', 'cse-offences', '--set', 'neutral', '--json')).toMatchObject({ direction: 'neutral', choice: null });
    } finally {
      delete process.env.WORKBENCH_AUTHOR;
    }
  });
});

describe('what chance alone would show', () => {
  it('is said in one sentence beside the inbox, from the measured rate, the same on the first screen', async () => {
    const run = await cli('anomalies', '--db', demoDb, '--period', 'Q1 2019/20');
    const [, judged] = /\((\d+) series judged, standard sensitivity\)/.exec(run.out)!;
    const expected = Math.round(Number(judged) * FALSE_ALARM_RATES.standard);
    const sentence = `${judged} series were judged; at standard sensitivity about ${expected} of them would show a special cause by chance alone.`;
    expect(run.out.split('\n')[1]).toBe(sentence);
    const { createApi } = await import('../checkedApi');
    const { createSession } = await import('../../electron/backend/session');
    const { openWorkspace } = await import('../../electron/backend/workspace');
    const session = createSession(openWorkspace(demoDb));
    try {
      const summary = await createApi(session)['dashboard.summary']({ period: 'Q1 2019/20' });
      expect(summary.chance).toBe(sentence);
      expect(summary.judged).toBe(Number(judged));
    } finally {
      session.close();
    }
  });
});
