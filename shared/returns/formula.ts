import { columnLetters, parseAddress } from './template';

/**
 * The formulas return workbooks use for their totals and shares (SUM over ranges, + − × ÷ of cells, numbers
 * and named cells), worked out so that a filled copy carries the results an office suite would show, until
 * it recalculates on opening. Anything else is left to the office suite: the result is then unknown here.
 */

export type CellValue = (sheet: string, address: string) => number | null | undefined;

type Token = { kind: 'number'; value: number } | { kind: 'ref'; sheet: string | null; from: string; to: string | null } | { kind: 'name'; name: string } | { kind: 'op'; op: string };

const REF = /^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?/;

function tokenize(formula: string): Token[] | null {
  const tokens: Token[] = [];
  let rest = formula.trim().replace(/^=/, '');
  while (rest.length) {
    const space = /^\s+/.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const number = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      rest = rest.slice(number[0].length);
      continue;
    }
    const ref = REF.exec(rest);
    if (ref && !/^[A-Za-z_]/.test(rest.slice(ref[0].length))) {
      const sheet = ref[1]?.replace(/''/g, "'") ?? ref[2] ?? null;
      tokens.push({ kind: 'ref', sheet, from: `${ref[3]}${ref[4]}`, to: ref[5] ? `${ref[5]}${ref[6]}` : null });
      rest = rest.slice(ref[0].length);
      continue;
    }
    const name = /^[A-Za-z_][\w.]*/.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', name: name[0] });
      rest = rest.slice(name[0].length);
      continue;
    }
    if ('+-*/(),'.includes(rest[0])) {
      tokens.push({ kind: 'op', op: rest[0] });
      rest = rest.slice(1);
      continue;
    }
    return null;
  }
  return tokens;
}

/** The cells of a range, A1:C3 as A1, B1, C1, A2 … */
export function rangeCells(from: string, to: string | null): string[] {
  if (!to) return [from];
  const [a, b] = [parseAddress(from), parseAddress(to)];
  const out: string[] = [];
  for (let r = Math.min(a.row, b.row); r <= Math.max(a.row, b.row); r++) for (let c = Math.min(a.column, b.column); c <= Math.max(a.column, b.column); c++) out.push(`${columnLetters(c)}${r}`);
  return out;
}

/**
 * A formula's result, or undefined when it uses what this does not work out. A cell with no figure counts as
 * 0 in a SUM, as an office suite counts it, and makes any other arithmetic unknown (null).
 */
export function evaluateFormula(formula: string, sheet: string, value: CellValue, names: ReadonlyMap<string, { sheet: string; address: string }> = new Map()): number | null | undefined {
  const parsed = tokenize(formula);
  if (!parsed) return undefined;
  const tokens: Token[] = parsed;
  let at = 0;
  let unknown = false;
  const peek = () => tokens[at];
  const cell = (s: string | null, address: string) => value(s ?? sheet, address);
  const fail = (): never => {
    throw new Error('unsupported');
  };
  const primary = (): number | null => {
    const t = tokens[at++];
    if (!t) return fail();
    if (t.kind === 'number') return t.value;
    if (t.kind === 'op' && t.op === '(') {
      const v = expression();
      if (tokens[at++]?.kind !== 'op') fail();
      return v;
    }
    if (t.kind === 'op' && t.op === '-') {
      const v = primary();
      return v === null ? null : -v;
    }
    if (t.kind === 'ref') {
      if (t.to) fail();
      const v = cell(t.sheet, t.from);
      if (v === undefined) unknown = true;
      return v ?? null;
    }
    if (t.kind === 'name') {
      if (t.name.toUpperCase() === 'SUM' && peek()?.kind === 'op' && (peek() as { op: string }).op === '(') {
        at++;
        let total = 0;
        for (;;) {
          const arg = tokens[at];
          if (arg?.kind === 'ref') {
            at++;
            for (const address of rangeCells(arg.from, arg.to)) {
              const v = cell(arg.sheet, address);
              if (v === undefined) unknown = true;
              total += v ?? 0;
            }
          } else {
            const v = expression();
            if (v !== null) total += v;
          }
          const next = tokens[at++];
          if (next?.kind === 'op' && next.op === ',') continue;
          if (next?.kind === 'op' && next.op === ')') break;
          fail();
        }
        return total;
      }
      const named = names.get(t.name);
      if (!named) return fail();
      const v = value(named.sheet, named.address);
      if (v === undefined) unknown = true;
      return v ?? null;
    }
    return fail();
  };
  const term = (): number | null => {
    let v = primary();
    while (peek()?.kind === 'op' && '*/'.includes((peek() as { op: string }).op)) {
      const op = (tokens[at++] as { op: string }).op;
      const r = primary();
      v = v === null || r === null ? null : op === '*' ? v * r : r === 0 ? null : v / r;
    }
    return v;
  };
  function expression(): number | null {
    let v = term();
    while (peek()?.kind === 'op' && '+-'.includes((peek() as { op: string }).op)) {
      const op = (tokens[at++] as { op: string }).op;
      const r = term();
      v = v === null || r === null ? null : op === '+' ? v + r : v - r;
    }
    return v;
  }
  try {
    const result = expression();
    if (at !== tokens.length || unknown) return undefined;
    return result;
  } catch {
    return undefined;
  }
}
