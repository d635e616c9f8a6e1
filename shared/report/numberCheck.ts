import type { KpiTableRowDto } from '../api/contract';
import { isRateUnit } from '../domain/kpi';
import { renderSegments, type RowLookup } from './fields';

/**
 * Reads the narrative the way a careful reader would: every number typed by hand is compared with the
 * figures of the KPI the paragraph is about, and every word of direction with the sign of the change it
 * describes. Live fields are the data itself and are not checked.
 */

export interface CheckedParagraph {
  id: string;
  /** "3.2" */
  number: string;
  kpiId: string | null;
  text: string;
}

export interface NarrativeIssue {
  /** Stable while the text is unchanged, so that accepting it holds. */
  id: string;
  paragraphId: string;
  paragraphNumber: string;
  kind: 'number' | 'direction';
  /** The words around the problem. */
  excerpt: string;
  message: string;
}

const UP = /\b(increase[sd]?|increasing|rise|rises|rose|risen|rising|up|higher|more|additional|grew|growth)\b/gi;
const DOWN = /\b(decrease[sd]?|decreasing|reductions?|reduced|fall|falls|fell|fallen|falling|down|lower|fewer|declined?|drop(?:ped)?)\b/gi;
const NUMBER = /([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?%|pp| percentage points?)?/g;
const MONTHS = /^\s*(january|february|march|april|may|june|july|august|september|october|november|december)\b/i;

/** Numbers that belong to words, not figures: years, "Q1", "15 March", "12-month", "999 calls". */
function isNotAFigure(text: string, start: number, end: number, raw: string, nameNumbers: ReadonlySet<string>): boolean {
  const before = text.slice(Math.max(0, start - 10), start);
  const after = text.slice(end, end + 12);
  const value = Number(raw.replace(/,/g, ''));
  if (/[/\d.]$/.test(before) || /^[/]/.test(after)) return true; // 2019/20, 18/19
  if (!raw.includes(',') && value >= 1990 && value <= 2099) return true;
  if (/\b(Q|Quarter\s|Section\s|paragraph\s)$/i.test(before)) return true;
  if (MONTHS.test(after)) return true;
  if (/^[-\s]?(months?|years?|days?|weeks?|hours?|seconds?|minutes?)\b/i.test(after)) return true;
  if (/[A-Za-z]$/.test(before) || /^[A-Za-z]/.test(after)) return true; // part of a code such as "28E"
  return nameNumbers.has(raw);
}

/**
 * The figures a number in a paragraph may be, by what follows it: "4%" is a % change or a rate, "0.9pp" a
 * change of a rate, a bare number a count, a change or a rate written without its sign.
 */
function allowedFigures(rows: readonly KpiTableRowDto[], suffix: string): number[] {
  const out: number[] = [];
  const add = (...values: (number | null)[]) => values.forEach((v) => v !== null && out.push(v));
  const percent = suffix.trim() === '%';
  const points = /pp|percentage/.test(suffix);
  for (const r of rows) {
    const rate = isRateUnit(r.unit);
    if (percent) {
      if (rate) add(r.current, r.previous);
      else add(r.changePercent);
    } else if (points) {
      if (rate) add(r.change);
    } else add(r.current, r.previous, r.change);
  }
  return out;
}

function matches(typed: number, decimals: number, candidates: readonly number[]): boolean {
  const factor = 10 ** decimals;
  return candidates.some((v) => Math.abs(Math.round(Math.abs(v) * factor) / factor - Math.abs(typed)) < 1e-9 && Math.sign(v || 1) === Math.sign(typed || 1));
}

function excerpt(text: string, start: number, end: number): string {
  const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, start - 30)));
  const to = text.indexOf(' ', Math.min(text.length, end + 30));
  return `${from > 0 ? '…' : ''}${text.slice(from, to === -1 ? text.length : to).trim()}${to === -1 ? '' : '…'}`;
}

/** The rows a sentence speaks of: breakdown categories it names, or else the KPI's headline row. */
function subjectRows(sentence: string, rows: readonly KpiTableRowDto[], kpiId: string): KpiTableRowDto[] {
  const own = rows.filter((r) => r.kpiId === kpiId);
  const named = own.filter((r) => r.category && new RegExp(`(^|[^\\w-])${r.category.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w-]|$)`, 'i').test(sentence));
  return named.length ? named : own.filter((r) => r.breakdown === null);
}

export interface CheckOptions {
  /** Numbers that are part of KPI names and standards ("999", "101", "10 seconds"). */
  nameNumbers: ReadonlySet<string>;
  /** Rows a paragraph about no KPI is checked against (its section's). */
  sectionRows: (paragraph: CheckedParagraph) => readonly KpiTableRowDto[];
}

export function checkNarrative(paragraphs: readonly CheckedParagraph[], rows: readonly KpiTableRowDto[], lookup: RowLookup, options: CheckOptions): NarrativeIssue[] {
  const issues: NarrativeIssue[] = [];
  for (const p of paragraphs) {
    const segments = renderSegments(p.text, lookup);
    // Typed text with the fields blanked out: positions stay meaningful for excerpts.
    const rendered = segments.map((s) => s.text).join('');
    const typedOnly = segments.map((s) => (s.kind === 'text' ? s.text : ' '.repeat(s.text.length))).join('');
    const ownRows = p.kpiId ? rows.filter((r) => r.kpiId === p.kpiId) : options.sectionRows(p);
    // Category names with numbers in them ("0-17", "Over 18") are names, not figures.
    let scanned = typedOnly;
    for (const category of new Set(ownRows.map((r) => r.category).filter((c): c is string => !!c && /\d/.test(c)))) {
      scanned = scanned.replace(new RegExp(category.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), (m) => ' '.repeat(m.length));
    }
    const seen = new Map<string, number>();
    const issueId = (kind: string, key: string) => {
      const n = (seen.get(`${kind}${key}`) ?? 0) + 1;
      seen.set(`${kind}${key}`, n);
      return `${p.id}:${kind}:${key}:${n}`;
    };
    for (const m of scanned.matchAll(NUMBER)) {
      const [whole, sign, digits, fraction = '', suffix = ''] = m;
      const start = m.index!;
      const end = start + whole.length;
      if (isNotAFigure(scanned, start + sign.length, end - suffix.length, digits, options.nameNumbers)) continue;
      const magnitude = Number(`${digits.replace(/,/g, '')}${fraction}`);
      const typed = sign === '-' || sign === '−' ? -magnitude : magnitude;
      const decimals = fraction ? fraction.length - 1 : 0;
      const candidates = allowedFigures(ownRows, suffix);
      const ok = sign ? matches(typed, decimals, candidates) : matches(magnitude, decimals, candidates.map(Math.abs));
      if (ok) continue;
      const of = p.kpiId ? ownRows.find((r) => r.breakdown === null) : undefined;
      const figures = of ? ` (${of.name}: ${of.display.current} against ${of.display.previous}, ${of.display.change}, ${of.display.changePercent})` : '';
      issues.push({
        id: issueId('number', whole.trim()),
        paragraphId: p.id,
        paragraphNumber: p.number,
        kind: 'number',
        excerpt: excerpt(rendered, start, end),
        message: `“${whole.trim()}” is typed, and matches none of the figures this paragraph is about${figures}. Use a live field, or correct it.`,
      });
    }
    if (!p.kpiId) continue;
    // Sentence by sentence: a word of direction must agree with the sign of the change it describes.
    let offset = 0;
    for (const sentence of typedOnly.split(/(?<=[.!?])\s+/)) {
      const at = typedOnly.indexOf(sentence, offset);
      offset = at + sentence.length;
      const ups = [...sentence.matchAll(UP)];
      const downs = [...sentence.matchAll(DOWN)];
      if (!ups.length === !downs.length) continue; // none, or both: nothing clear to check
      const word = (ups[0] ?? downs[0])[0];
      const saysUp = ups.length > 0;
      const subjects = subjectRows(rendered.slice(at, at + sentence.length), rows, p.kpiId).filter((r) => r.change !== null);
      const wrong = subjects.filter((r) => (saysUp ? r.change! < 0 : r.change! > 0));
      if (!wrong.length) continue;
      issues.push({
        id: issueId('direction', word.toLowerCase()),
        paragraphId: p.id,
        paragraphNumber: p.number,
        kind: 'direction',
        excerpt: excerpt(rendered, at, at + sentence.length),
        message: `“${word}” says ${saysUp ? 'a rise' : 'a fall'}, but ${wrong.map((r) => `${r.category ?? r.name} ${r.change! > 0 ? 'rose' : 'fell'} (${r.display.change}, ${r.display.changePercent})`).join('; ')}.`,
      });
    }
  }
  return issues;
}
