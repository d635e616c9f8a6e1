/**
 * A paragraph's text as it is stored: the narrative template (typed text and `{{…}}` live fields) with the
 * little formatting a report paragraph may carry — **bold**, *italic*, and lines that are list items
 * ("- " for a bullet, "1. " for a numbered item). Keeping it text means the number check, carry-forward,
 * exports and re-export read it as before; the editor turns it into a document and back.
 */

export type BlockKind = 'paragraph' | 'bullet' | 'ordered';

export type Inline = { kind: 'text'; text: string; bold: boolean; italic: boolean } | { kind: 'field'; source: string; bold: boolean; italic: boolean };

export interface TextBlock {
  kind: BlockKind;
  inlines: Inline[];
}

const FIELD_SOURCE = /\{\{[^{}]*\}\}/y;
const BULLET = /^- /;
const ORDERED = /^\d{1,3}\. /;
const ESCAPED_PREFIX = /^\\(?=- |\d{1,3}\. )/;

/** Where each `**` or `*` in a line is a marker rather than a star: a marker opens only if it closes later. */
function tokens(line: string): (string | { field: string } | { marker: '**' | '*' })[] {
  const out: (string | { field: string } | { marker: '**' | '*' })[] = [];
  let text = '';
  for (let i = 0; i < line.length; ) {
    FIELD_SOURCE.lastIndex = i;
    const field = FIELD_SOURCE.exec(line);
    if (field) {
      if (text) out.push(text), (text = '');
      out.push({ field: field[0] });
      i += field[0].length;
    } else if (line[i] === '\\' && (line[i + 1] === '*' || line[i + 1] === '\\')) {
      text += line[i + 1];
      i += 2;
    } else if (line[i] === '*') {
      if (text) out.push(text), (text = '');
      const marker = line[i + 1] === '*' ? '**' : '*';
      out.push({ marker });
      i += marker.length;
    } else {
      text += line[i];
      i += 1;
    }
  }
  if (text) out.push(text);
  return out;
}

function parseLine(line: string): Inline[] {
  const parts = tokens(line);
  // A marker with no partner later in the line is a star the writer typed, not formatting.
  const open = { '**': false, '*': false };
  const literal = new Set<number>();
  parts.forEach((p, i) => {
    if (typeof p === 'string' || !('marker' in p)) return;
    if (open[p.marker]) open[p.marker] = false;
    else if (parts.slice(i + 1).some((q) => typeof q !== 'string' && 'marker' in q && q.marker === p.marker)) open[p.marker] = true;
    else literal.add(i);
  });
  const inlines: Inline[] = [];
  let bold = false;
  let italic = false;
  const pushText = (text: string) => {
    const last = inlines[inlines.length - 1];
    if (last?.kind === 'text' && last.bold === bold && last.italic === italic) last.text += text;
    else inlines.push({ kind: 'text', text, bold, italic });
  };
  parts.forEach((p, i) => {
    if (typeof p === 'string') pushText(p);
    else if ('field' in p) inlines.push({ kind: 'field', source: p.field, bold, italic });
    else if (literal.has(i)) pushText(p.marker);
    else if (p.marker === '**') bold = !bold;
    else italic = !italic;
  });
  return inlines;
}

export function parseRichText(text: string): TextBlock[] {
  return text.split('\n').map((line) => {
    if (BULLET.test(line)) return { kind: 'bullet', inlines: parseLine(line.replace(BULLET, '')) };
    if (ORDERED.test(line)) return { kind: 'ordered', inlines: parseLine(line.replace(ORDERED, '')) };
    return { kind: 'paragraph', inlines: parseLine(line.replace(ESCAPED_PREFIX, '')) };
  });
}

/** Text as the stored form writes it: a star or backslash the writer typed, not formatting. */
export const escapeText = (text: string) => text.replace(/[\\*]/g, (c) => `\\${c}`);

function serializeLine(inlines: readonly Inline[]): string {
  // Neighbours with the same marks (a bold field and the bold words after it) share one pair of markers.
  const groups: { body: string; bold: boolean; italic: boolean }[] = [];
  for (const inline of inlines) {
    const body = inline.kind === 'text' ? escapeText(inline.text) : inline.source;
    if (!body) continue;
    const last = groups[groups.length - 1];
    if (last && last.bold === inline.bold && last.italic === inline.italic) last.body += body;
    else groups.push({ body, bold: inline.bold, italic: inline.italic });
  }
  let out = '';
  for (const { body, bold, italic } of groups) {
    // Whitespace stays outside the markers, so that the run reads back the same.
    const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(body)!;
    if (!core) {
      out += body;
      continue;
    }
    out += `${lead}${bold ? '**' : ''}${italic ? '*' : ''}${core}${italic ? '*' : ''}${bold ? '**' : ''}${trail}`;
  }
  return out;
}

export function serializeRichText(blocks: readonly TextBlock[]): string {
  let ordinal = 0;
  return blocks
    .map((block) => {
      ordinal = block.kind === 'ordered' ? ordinal + 1 : 0;
      const line = serializeLine(block.inlines);
      if (block.kind === 'bullet') return `- ${line}`;
      if (block.kind === 'ordered') return `${ordinal}. ${line}`;
      return BULLET.test(line) || ORDERED.test(line) ? `\\${line}` : line;
    })
    .join('\n');
}

/**
 * The text the number check reads: formatting and list prefixes gone (a list's "1." is not a figure),
 * fields kept, one line per block.
 */
export function plainTemplate(text: string): string {
  if (!/[*\\\n]|^- |^\d{1,3}\. /.test(text)) return text;
  return parseRichText(text)
    .map((b) => b.inlines.map((i) => (i.kind === 'text' ? i.text : i.source)).join(''))
    .join('\n');
}

/** A run of a paragraph as a document writes it: its words, bold or italic. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export interface RenderedBlock {
  kind: BlockKind;
  runs: Run[];
}

/** The paragraph's blocks with each field replaced by what it shows. */
export function renderBlocks(text: string, fieldText: (source: string) => string): RenderedBlock[] {
  return parseRichText(text).map((block) => {
    const runs: Run[] = [];
    for (const inline of block.inlines) {
      const value = inline.kind === 'text' ? inline.text : fieldText(inline.source);
      const last = runs[runs.length - 1];
      if (last && !!last.bold === inline.bold && !!last.italic === inline.italic) last.text += value;
      else runs.push({ text: value, ...(inline.bold ? { bold: true } : {}), ...(inline.italic ? { italic: true } : {}) });
    }
    return { kind: block.kind, runs };
  });
}

/** Consecutive list items of one kind, as one list: what HTML and Word need to number and indent them. */
export function groupBlocks<B extends { kind: BlockKind }>(blocks: readonly B[]): { kind: BlockKind; items: B[] }[] {
  const groups: { kind: BlockKind; items: B[] }[] = [];
  for (const block of blocks) {
    const last = groups[groups.length - 1];
    if (block.kind !== 'paragraph' && last?.kind === block.kind) last.items.push(block);
    else groups.push({ kind: block.kind, items: [block] });
  }
  return groups;
}
