import type { DocumentParagraph, DocumentTableRow, ReportDocument } from './model';

/**
 * What differs between a report as it was exported and as it stands now: the figures in its tables (a
 * re-import revised a month) and the sentences of its paragraphs (an edit, or a live figure that moved) —
 * what the analyst needs to answer "why is this different from the draft".
 */

export interface FigureChange {
  /** The table's caption. */
  table: string;
  /** The row: "1.1 All crime", or a breakdown's category. */
  row: string;
  column: string;
  before: string;
  after: string;
}

export interface SentenceChange {
  /** The paragraph's number now (or then, when it has gone). */
  paragraph: string;
  /** edited: the words were changed; figures: only the live figures in it moved; added, removed. */
  kind: 'edited' | 'figures' | 'added' | 'removed';
  before: string | null;
  after: string | null;
}

export interface DocumentChanges {
  figures: FigureChange[];
  sentences: SentenceChange[];
}

const COLUMNS: [keyof DocumentTableRow, (doc: ReportDocument) => string][] = [
  ['current', (d) => `Performance ${d.headers.current}`],
  ['previous', (d) => `Performance ${d.headers.previous}`],
  ['change', () => 'Volume Change'],
  ['changePercent', () => '% Change'],
];

/** Tables are matched by section and KPI or dimension, not by caption, whose period words may differ. */
function tablesOf(doc: ReportDocument): Map<string, { caption: string; rows: Map<string, DocumentTableRow> }> {
  const tables = new Map<string, { caption: string; rows: Map<string, DocumentTableRow> }>();
  for (const s of doc.sections) {
    tables.set(`${s.number}`, { caption: s.table.caption, rows: new Map(s.table.rows.map((r) => [r.label, r])) });
    for (const b of s.breakdowns) tables.set(`${s.number}\u0000${b.caption.split(' by ')[0]}\u0000${b.dimension}`, { caption: b.caption, rows: new Map(b.rows.map((r) => [r.label, r])) });
  }
  return tables;
}

export function figureChanges(before: ReportDocument, after: ReportDocument): FigureChange[] {
  const old = tablesOf(before);
  const changes: FigureChange[] = [];
  for (const [key, table] of tablesOf(after)) {
    const earlier = old.get(key);
    if (!earlier) continue;
    for (const [label, row] of table.rows) {
      const was = earlier.rows.get(label);
      if (!was) continue;
      for (const [column, header] of COLUMNS) {
        if (was[column] !== row[column]) changes.push({ table: table.caption, row: label, column: header(after), before: String(was[column]), after: String(row[column]) });
      }
    }
  }
  return changes;
}

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Longest common subsequence of two lists of sentences: what stayed, in order. */
function common(a: readonly string[], b: readonly string[]): [number, number][] {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

function paragraphChanges(number: string, was: DocumentParagraph | undefined, now: DocumentParagraph | undefined): SentenceChange[] {
  const a = was ? splitSentences(was.text) : [];
  const b = now ? splitSentences(now.text) : [];
  // When the words as written are the same, whatever differs is a live figure.
  const sameWords = was?.template !== undefined && now?.template !== undefined && was.template === now.template;
  const out: SentenceChange[] = [];
  let i = 0;
  let j = 0;
  for (const [ci, cj] of [...common(a, b), [a.length, b.length] as [number, number]]) {
    const removed = a.slice(i, ci);
    const added = b.slice(j, cj);
    // A sentence taken out and another put in its place is one sentence changed.
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const before = removed[k] ?? null;
      const after = added[k] ?? null;
      out.push({ paragraph: number, kind: before === null ? 'added' : after === null ? 'removed' : sameWords ? 'figures' : 'edited', before, after });
    }
    i = ci + 1;
    j = cj + 1;
  }
  return out;
}

export function sentenceChanges(before: ReportDocument, after: ReportDocument): SentenceChange[] {
  const paragraphsOf = (doc: ReportDocument) => doc.sections.flatMap((s) => s.paragraphs);
  const old = paragraphsOf(before);
  const now = paragraphsOf(after);
  // Paragraphs are the same paragraph by their id; exports written before ids were kept match by number.
  const key = (p: DocumentParagraph) => p.id ?? `#${p.number}`;
  const useIds = old.every((p) => p.id) && now.every((p) => p.id);
  const oldByKey = new Map(old.map((p) => [useIds ? key(p) : `#${p.number}`, p]));
  const out: SentenceChange[] = [];
  const seen = new Set<string>();
  for (const p of now) {
    const k = useIds ? key(p) : `#${p.number}`;
    seen.add(k);
    out.push(...paragraphChanges(p.number, oldByKey.get(k), p));
  }
  for (const [k, p] of oldByKey) if (!seen.has(k)) out.push(...paragraphChanges(p.number, p, undefined));
  return out;
}

export function compareDocuments(before: ReportDocument, after: ReportDocument): DocumentChanges {
  return { figures: figureChanges(before, after), sentences: sentenceChanges(before, after) };
}
