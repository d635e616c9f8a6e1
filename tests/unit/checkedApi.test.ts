import { describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api/contract';
import { checkResults } from '../checkedApi';

describe('the API as the tests call it', () => {
  it('fails a result its contract does not allow, and passes one it does', async () => {
    const drifted = checkResults({ 'kpis.list': () => [{ id: 'calls-999', number: 1 }] } as unknown as Api);
    await expect(drifted['kpis.list']({})).rejects.toThrow(/^kpis\.list returned a result its contract does not allow: 0\.section: /);
    const sound = checkResults({ 'periods.options': () => ({ defaultPeriod: null, quarters: [], years: [] }) } as unknown as Api);
    await expect(sound['periods.options']({})).resolves.toEqual({ defaultPeriod: null, quarters: [], years: [] });
  });
});
