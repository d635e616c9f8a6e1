import { main } from '../../electron/cli';

/** Runs the command line in this process, capturing what it prints and its exit status. */
export async function cli(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}
