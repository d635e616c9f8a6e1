import type { KpiTableRowDto } from '../api/tableSchemas';
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

/** Words that make a number a change: "12,500 more", "increased by 400", "a fall of 3%". */
const CHANGE_AFTER = /^\s*(?:%|per cent|pp|percentage points?)?\s*(more|fewer|additional|extra|less)\b/i;
const CHANGE_BEFORE = /\b(?:(?:increas|decreas|ris|fall|fell|rose|grew|drop|reduc|declin)\w*\s+(?:by|of)|(?:up|down)\s+by|an? (?:increase|decrease|rise|fall|reduction|drop|change) of|change of)\s*[+\-−]?$/i;
/** "from 22,949 to 23,871": the earlier figure, then the later. */
const FROM_TO = /\bfrom\s+[+\-−]?[\d,.]+%?\s+to\s+[+\-−]?[\d,.]+%?/gi;

/** What a number in a sentence can be, by the words around it: a change, the figure before, the figure after, or any. */
type Role = 'change' | 'previous' | 'current' | 'any';

function roleOf(sentence: string, start: number, end: number): Role {
  if (CHANGE_AFTER.test(sentence.slice(end)) || CHANGE_BEFORE.test(sentence.slice(Math.max(0, start - 40), start))) return 'change';
  for (const m of sentence.matchAll(FROM_TO)) {
    const at = m.index!;
    if (start < at || start >= at + m[0].length) continue;
    return start < at + m[0].search(/\s+to\s+/i) ? 'previous' : 'current';
  }
  return 'any';
}

function ofRole(candidates: readonly Candidate[], role: Role): Candidate[] {
  if (role === 'any') return [...candidates];
  if (role === 'change') return candidates.filter((c) => c.signed === 'change' || c.signed === 'changePercent');
  return candidates.filter((c) => c.signed === role);
}

/**
 * Words a count of the KPI can be followed by: its own name's and aliases' words, and the things police
 * figures count. A number followed by anything else ("14 vacancies", "3 officers") is about something the
 * workspace does not measure, and is offered no figure.
 */
const COUNTED = new Set(['calls', 'call', 'crimes', 'crime', 'offences', 'offence', 'incidents', 'incident', 'searches', 'search', 'outcomes', 'outcome', 'records', 'record', 'people', 'persons', 'person', 'individuals', 'cases', 'case', 'reports', 'report', 'arrests', 'arrest', 'victims', 'referrals', 'orders', 'applications', 'offenders', 'enforcements', 'seconds', 'percent', 'per', 'points', 'pp', 'of', 'in', 'and', 'to', 'from', 'compared', 'when', 'this', 'the', 'a', 'an', 'against', 'or', 'on', 'at', 'with', 'was', 'were', 'is', 'are', 'which', 'than']);

function measuresSomethingElse(after: string, vocabulary: ReadonlySet<string>): boolean {
  // The noun the number counts: past a hyphenated modifier ("14 call-handler vacancies").
  const m = /^\s*([A-Za-z]+(?:-[A-Za-z]+)*)(?:\s+([A-Za-z]+))?/.exec(after);
  if (!m) return false;
  const word = (m[1].includes('-') ? (m[2] ?? m[1].split('-').pop()!) : m[1]).toLowerCase();
  // A plural noun is what a count counts ("vacancies", "officers"); other words ("again") are not.
  if (!/[a-z]{2}s$/.test(word)) return false;
  return !COUNTED.has(word) && !vocabulary.has(word) && !CHANGE_AFTER.test(after);
}

/** The words of a KPI's name and aliases, lower case: what its own figures may be called. */
function vocabularyOf(rows: readonly KpiTableRowDto[]): Set<string> {
  const words = new Set<string>();
  for (const r of rows) for (const w of `${r.name} ${r.category ?? ''}`.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w), words.add(`${w}s`);
  return words;
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
  /**
   * Numbers the analyst wrote in the annotations that apply to a paragraph's KPI ("14 call-handler
   * vacancies"): the analyst's own words, which a draft carries into the text, never failed by the check.
   */
  analystNumbers?: (kpiId: string | null) => ReadonlySet<string>;
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
      if (options.analystNumbers?.(p.kpiId).has(`${digits}${fraction}`)) continue;
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
      // Only figures of the kind the sentence makes it: a change where it says "more" or "increased by", the
      // figure before or after in "from X to Y"; none where it counts something the workspace does not.
      const sentence = sentenceAt(start);
      const sentenceText = rendered.slice(sentence.at, sentence.at + sentence.text.length);
      const subjects = p.kpiId ? subjectRows(sentenceText, rows, p.kpiId) : ownRows;
      const role = roleOf(sentenceText, start - sentence.at, end - sentence.at);
      // A signed number is a change; only a plain count can be of something else.
      const unmeasured = role === 'any' && !sign && !suffix && measuresSomethingElse(scanned.slice(end), vocabularyOf(ownRows));
      const best = unmeasured ? undefined : (nearest(typed, ofRole(allowedFigures(subjects, suffix), role)) ?? nearest(typed, ofRole(candidates, role)));
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
        message: unmeasured
          ? `“${match}” is typed, and counts something the workspace does not measure${figures}: accept it as written, with where it comes from, or correct it.`
          : `“${match}” is typed, and matches none of the figures this paragraph is about${figures}. Use a live field, or correct it.`,
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
export function checkReportText(
  paragraphs: readonly Paragraph[],
  rows: readonly KpiTableRowDto[],
  kpis: readonly Pick<Kpi, 'name' | 'aliases' | 'standard'>[],
  analystNumbers: Readonly<Record<string, readonly string[]>> = {},
): NarrativeIssue[] {
  const numbered = numberParagraphs(inReportOrder(paragraphs));
  const sets = new Map(Object.entries(analystNumbers).map(([k, v]) => [k, new Set(v)]));
  const all = new Set(Object.values(analystNumbers).flat());
  return checkNarrative(numbered, rows, rowLookup(rows), {
    nameNumbers: nameNumbers(kpis),
    sectionRows: (p) => rows.filter((r) => r.section === Number(p.number.split('.')[0])),
    analystNumbers: (kpiId) => (kpiId ? (sets.get(kpiId) ?? new Set()) : all),
  });
}

/**
 * The numbers in the annotations that apply to each KPI (one on all KPIs applies to every one), as typed:
 * the analyst's own words, which the check takes as written.
 */
export function annotationNumbers(annotations: readonly { scope: 'kpis' | 'all'; kpiIds: readonly string[]; text: string }[], kpiIds: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of annotations) {
    const numbers = [...a.text.matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g)].map((m) => m[0]);
    if (!numbers.length) continue;
    for (const id of a.scope === 'all' ? kpiIds : a.kpiIds) out[id] = [...new Set([...(out[id] ?? []), ...numbers])];
  }
  return out;
}
