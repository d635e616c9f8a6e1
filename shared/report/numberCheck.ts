import type { KpiTableRowDto } from '../api/contract';
import { printedChange } from '../domain/format';
import { isRateUnit, type Kpi } from '../domain/kpi';
import { fieldText, renderSegments, rowLookup, type FieldMeasure, type RowLookup } from './fields';
import { inReportOrder, numberParagraphs, type Paragraph } from './model';
import { plainTemplate } from './richText';

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
  /** The typed number or word itself, and which of its occurrences in the paragraph's typed text it is. */
  match: string;
  occurrence: number;
  /** The fix to offer where it stands: a live field (number) or the opposite word (direction). */
  suggestion: { text: string; field: string | null; label: string } | null;
}

const UP = /\b(increase[sd]?|increasing|rise|rises|rose|risen|rising|up|higher|more|additional|grew|growth)\b/gi;
const DOWN = /\b(decrease[sd]?|decreasing|reductions?|reduced|fall|falls|fell|fallen|falling|down|lower|fewer|declined?|drop(?:ped)?)\b/gi;
// Seconds are printed glued to their figure ("7.6s"): the "s" is the unit, not part of a code such as "28E".
const NUMBER = /([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?%|pp| percentage points?|s(?![A-Za-z]))?/g;
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
interface Candidate {
  value: number;
  row: KpiTableRowDto;
  /** The field that shows it, signed and unsigned: a typed "5%" is replaced by a field without sign. */
  signed: FieldMeasure;
  unsigned: FieldMeasure;
}

function allowedFigures(rows: readonly KpiTableRowDto[], suffix: string): Candidate[] {
  const out: Candidate[] = [];
  const add = (row: KpiTableRowDto, value: number | null, signed: FieldMeasure, unsigned: FieldMeasure = signed) => value !== null && out.push({ value, row, signed, unsigned });
  const percent = suffix.trim() === '%';
  const points = /pp|percentage/.test(suffix);
  for (const r of rows) {
    const rate = isRateUnit(r.unit);
    // The change as the table prints it, which is what an analyst copies into the text.
    const change = printedChange(r.current, r.previous, r.unit);
    if (percent) {
      if (rate) add(r, r.current, 'current'), add(r, r.previous, 'previous');
      else add(r, r.changePercent, 'changePercent', 'percent');
    } else if (points) {
      if (rate) add(r, change, 'change', 'difference');
    } else add(r, r.current, 'current'), add(r, r.previous, 'previous'), add(r, change, 'change', 'difference');
  }
  return out;
}

/** The figure a mistyped number most likely meant: the nearest of those it could be. */
function nearest(typed: number, candidates: readonly Candidate[]): Candidate | undefined {
  // By ratio, not difference: 4,000 is nearer 1,449 than 42,308.
  const distance = (c: Candidate) => Math.abs(Math.log((Math.abs(c.value) + 1) / (Math.abs(typed) + 1)));
  return [...candidates].sort((a, b) => distance(a) - distance(b))[0];
}

const OPPOSITES: Record<string, string> = {
  increase: 'decrease', increases: 'decreases', increased: 'decreased', increasing: 'decreasing',
  decrease: 'increase', decreases: 'increases', decreased: 'increased', decreasing: 'increasing',
  rise: 'fall', rises: 'falls', rose: 'fell', risen: 'fallen', rising: 'falling',
  fall: 'rise', falls: 'rises', fell: 'rose', fallen: 'risen', falling: 'rising',
  up: 'down', down: 'up', higher: 'lower', lower: 'higher', more: 'fewer', fewer: 'more',
  additional: 'fewer', grew: 'fell', growth: 'reduction', reduction: 'increase', reductions: 'increases',
  reduced: 'increased', decline: 'increase', declined: 'increased', drop: 'rise', dropped: 'rose',
};

/** The word that says the opposite direction, in the same case: "Rose" becomes "Fell". */
export function oppositeWord(word: string): string | null {
  const opposite = OPPOSITES[word.toLowerCase()];
  if (!opposite) return null;
  if (word === word.toUpperCase() && word.length > 1) return opposite.toUpperCase();
  return word[0] === word[0].toUpperCase() ? opposite[0].toUpperCase() + opposite.slice(1) : opposite;
}

/** How many times the text holds `match` before `start`: where the editor finds the finding again. */
function occurrenceAt(text: string, match: string, start: number): number {
  let n = 0;
  for (let i = text.indexOf(match); i !== -1 && i < start; i = text.indexOf(match, i + 1)) n++;
  return n;
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

/** The sentences of a text with where each starts: "… 4%. It rose …" */
function sentences(text: string): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  let offset = 0;
  for (const sentence of text.split(/(?<=[.!?])\s+|\n/)) {
    const at = text.indexOf(sentence, offset);
    offset = at + sentence.length;
    out.push({ at, text: sentence });
  }
  return out;
}

export function checkNarrative(paragraphs: readonly CheckedParagraph[], rows: readonly KpiTableRowDto[], lookup: RowLookup, options: CheckOptions): NarrativeIssue[] {
  const issues: NarrativeIssue[] = [];
  for (const p of paragraphs) {
    const segments = renderSegments(plainTemplate(p.text), lookup);
    // Typed text with the fields blanked out: positions stay meaningful for excerpts.
    const rendered = segments.map((s) => s.text).join('');
    const typedOnly = segments.map((s) => (s.kind === 'text' ? s.text : ' '.repeat(s.text.length))).join('');
    const ownRows = p.kpiId ? rows.filter((r) => r.kpiId === p.kpiId) : options.sectionRows(p);
    const parts = sentences(typedOnly);
    const sentenceAt = (index: number) => parts.findLast((s) => s.at <= index) ?? parts[0];
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
      // What follows a figure is read after its unit when the unit is a letter ("7.6s"), else after the digits.
      if (isNotAFigure(scanned, start + sign.length, suffix === 's' ? end : end - suffix.length, digits, options.nameNumbers)) continue;
      const magnitude = Number(`${digits.replace(/,/g, '')}${fraction}`);
      const typed = sign === '-' || sign === '−' ? -magnitude : magnitude;
      const decimals = fraction ? fraction.length - 1 : 0;
      const candidates = allowedFigures(ownRows, suffix);
      const values = candidates.map((c) => c.value);
      const ok = sign ? matches(typed, decimals, values) : matches(magnitude, decimals, values.map(Math.abs));
      if (ok) continue;
      const of = p.kpiId ? ownRows.find((r) => r.breakdown === null) : undefined;
      const figures = of ? ` (${of.name}: ${of.display.current} against ${of.display.previous}, ${of.display.change}, ${of.display.changePercent})` : '';
      // The figure it most likely meant, among those of the rows the sentence speaks of.
      const sentence = sentenceAt(start);
      const subjects = p.kpiId ? subjectRows(rendered.slice(sentence.at, sentence.at + sentence.text.length), rows, p.kpiId) : ownRows;
      const best = nearest(typed, allowedFigures(subjects, suffix)) ?? nearest(typed, candidates);
      const match = whole.trim();
      const matchAt = start + whole.indexOf(match);
      let suggestion: NarrativeIssue['suggestion'] = null;
      if (best) {
        const ref = { kpiId: best.row.kpiId, dimension: best.row.breakdown ?? '', category: best.row.category ?? '', measure: sign ? best.signed : best.unsigned };
        const field = fieldText(ref);
        const text = renderSegments(field, lookup).map((s) => s.text).join('');
        suggestion = { text, field, label: `${best.row.category ? `${best.row.name}, ${best.row.category}` : best.row.name}: ${text}` };
      }
      issues.push({
        id: issueId('number', match),
        paragraphId: p.id,
        paragraphNumber: p.number,
        kind: 'number',
        excerpt: excerpt(rendered, start, end),
        message: `“${match}” is typed, and matches none of the figures this paragraph is about${figures}. Use a live field, or correct it.`,
        match,
        occurrence: occurrenceAt(typedOnly, match, matchAt),
        suggestion,
      });
    }
    if (!p.kpiId) continue;
    // Sentence by sentence: a word of direction must agree with the sign of the change it describes.
    for (const { at, text: sentence } of parts) {
      const ups = [...sentence.matchAll(UP)];
      const downs = [...sentence.matchAll(DOWN)];
      if (!ups.length === !downs.length) continue; // none, or both: nothing clear to check
      const found = ups[0] ?? downs[0];
      const word = found[0];
      const saysUp = ups.length > 0;
      // Judged by the change as printed beside the text, as the direction words of a draft are.
      const wrong = subjectRows(rendered.slice(at, at + sentence.length), rows, p.kpiId).filter((r) => {
        const change = printedChange(r.current, r.previous, r.unit);
        return change !== null && (saysUp ? change < 0 : change > 0);
      });
      if (!wrong.length) continue;
      const opposite = oppositeWord(word);
      issues.push({
        id: issueId('direction', word.toLowerCase()),
        paragraphId: p.id,
        paragraphNumber: p.number,
        kind: 'direction',
        excerpt: excerpt(rendered, at, at + sentence.length),
        message: `“${word}” says ${saysUp ? 'a rise' : 'a fall'}, but ${wrong.map((r) => `${r.category ?? r.name} ${printedChange(r.current, r.previous, r.unit)! > 0 ? 'rose' : 'fell'} (${r.display.change}, ${r.display.changePercent})`).join('; ')}.`,
        match: word,
        occurrence: occurrenceAt(typedOnly, word, at + found.index!),
        suggestion: opposite ? { text: opposite, field: null, label: `“${opposite}”` } : null,
      });
    }
  }
  return issues;
}

/** Numbers that belong to names and standards, not figures: "999 calls", "within 10 seconds", "90%". */
export function nameNumbers(kpis: readonly Pick<Kpi, 'name' | 'aliases' | 'standard'>[]): Set<string> {
  const numbers = new Set<string>();
  for (const kpi of kpis) {
    for (const text of [kpi.name, ...kpi.aliases, kpi.standard?.text ?? '']) for (const m of text.matchAll(/\d+/g)) numbers.add(m[0]);
  }
  return numbers;
}

/**
 * The check of a whole report, as the editor runs it while the analyst types and as export runs it before
 * writing: paragraphs numbered as the report prints them, each read against the period's KPI tables.
 */
export function checkReportText(paragraphs: readonly Paragraph[], rows: readonly KpiTableRowDto[], kpis: readonly Pick<Kpi, 'name' | 'aliases' | 'standard'>[]): NarrativeIssue[] {
  const numbered = numberParagraphs(inReportOrder(paragraphs));
  return checkNarrative(numbered, rows, rowLookup(rows), {
    nameNumbers: nameNumbers(kpis),
    sectionRows: (p) => rows.filter((r) => r.section === Number(p.number.split('.')[0])),
  });
}
