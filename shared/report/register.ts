import type { RowVerdict } from '../domain/kpiTable';

/**
 * The report's words in the register of the Panel's own reports: a KPI named as the subject of a sentence
 * ("The number of 999 calls increased…", "Drug offences increased…"), and the verdict as the Panel says it
 * ("within the expected range", "higher than usual"). Making Data Count's own terms stay on the KPI pages
 * and in the glossary, which gives both.
 */

/** Names that are a measure of something take "The": "The number of 999 calls", "The 101 abandonment rate". */
const MEASURE_HEADS = /^(number|average|volume|percentage|proportion|share|rate|historical share)\b/i;
const MEASURE_TAILS = /\b(rate|time|length)$/i;
/** A catalogue name such as "999 Calls Answered within 10 Seconds (%)" is a percentage of something. */
const PERCENT_SUFFIX = /\s*\(%\)\s*$/;

/** "Title Case" words become lower case in a sentence; abbreviations (ASB, POLIT) and names (Clare's Law) keep theirs. */
function inSentenceCase(words: string[]): string[] {
  let keepNext = false;
  return words.map((word, i) => {
    const keep = keepNext || i === 0;
    // A possessive starts a proper name: "Clare's Law".
    keepNext = /['’]s$/.test(word);
    if (keep) return word;
    return /^[A-Z][a-z]+[:,]?$/.test(word) ? word.toLowerCase() : word;
  });
}

/** The KPI as the subject of a sentence, capitalised to start it: "The number of 999 calls", "Drug offences". */
export function subjectOf(name: string): string {
  const percent = PERCENT_SUFFIX.test(name);
  const base = name.replace(PERCENT_SUFFIX, '').trim();
  const words = inSentenceCase(base.split(/\s+/));
  if (percent) return `The percentage of ${lowerFirst(words).join(' ')}`;
  if (MEASURE_HEADS.test(base) || MEASURE_TAILS.test(base)) return `The ${lowerFirst(words).join(' ')}`;
  return words.join(' ');
}

/** The subject after the start of a sentence: "for the number of 999 calls", "for drug offences". */
export function subjectWithin(name: string): string {
  const subject = subjectOf(name);
  return /^[A-Z][a-z]/.test(subject) ? subject.charAt(0).toLowerCase() + subject.slice(1) : subject;
}

/** The first word lowered unless it is an abbreviation or a number: "Number" → "number", "ASB" stays. */
function lowerFirst(words: string[]): string[] {
  const [first, ...rest] = words;
  return [/^[A-Z][a-z]+$/.test(first) ? first.toLowerCase() : first, ...rest];
}

/** The verdict in the Panel's words: "within the expected range", "higher than usual", "lower than usual". */
export function panelVerdict(verdict: Pick<RowVerdict, 'variation' | 'side' | 'notJudged'>): string {
  if (verdict.variation === null) return `not judged (${verdict.notJudged})`;
  if (verdict.variation === 'common_cause') return 'within the expected range';
  if (verdict.side === 'high') return 'higher than usual';
  if (verdict.side === 'low') return 'lower than usual';
  return 'unusual';
}
