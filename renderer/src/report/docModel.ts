import type { JSONContent } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { groupBlocks, parseRichText, serializeRichText, type Inline, type TextBlock } from '../../../shared/report/richText';

/**
 * A paragraph's stored text (shared/report/richText.ts) as the editor's document and back: blocks become
 * paragraphs and lists, fields become figure chips, ** and * become bold and italic.
 */

const marksOf = (i: Inline) => [...(i.bold ? [{ type: 'bold' }] : []), ...(i.italic ? [{ type: 'italic' }] : [])];

function inlineContent(inlines: readonly Inline[]): JSONContent[] {
  return inlines.flatMap((i): JSONContent[] => {
    const marks = marksOf(i);
    if (i.kind === 'field') return [{ type: 'figure', attrs: { source: i.source }, ...(marks.length ? { marks } : {}) }];
    return i.text ? [{ type: 'text', text: i.text, ...(marks.length ? { marks } : {}) }] : [];
  });
}

const paragraph = (inlines: readonly Inline[]): JSONContent => {
  const content = inlineContent(inlines);
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
};

export function textToDoc(text: string): JSONContent {
  const content = groupBlocks(parseRichText(text)).map((g): JSONContent[] => {
    if (g.kind === 'paragraph') return g.items.map((b) => paragraph(b.inlines));
    return [{ type: g.kind === 'bullet' ? 'bulletList' : 'orderedList', content: g.items.map((b) => ({ type: 'listItem', content: [paragraph(b.inlines)] })) }];
  });
  return { type: 'doc', content: content.flat() };
}

function inlinesOf(block: PmNode): Inline[] {
  const out: Inline[] = [];
  block.forEach((child) => {
    const bold = child.marks.some((m) => m.type.name === 'bold');
    const italic = child.marks.some((m) => m.type.name === 'italic');
    if (child.isText) out.push({ kind: 'text', text: child.text ?? '', bold, italic });
    else if (child.type.name === 'figure') out.push({ kind: 'field', source: String(child.attrs.source), bold, italic });
  });
  return out;
}

/** The document as stored text. Lists inside lists are kept as items of the outer list: the report has one level. */
export function docToText(doc: PmNode): string {
  const blocks: TextBlock[] = [];
  const visit = (node: PmNode, kind: TextBlock['kind']) => {
    if (node.isTextblock) blocks.push({ kind, inlines: inlinesOf(node) });
    else node.forEach((child) => visit(child, node.type.name === 'bulletList' ? 'bullet' : node.type.name === 'orderedList' ? 'ordered' : kind));
  };
  doc.forEach((child) => visit(child, 'paragraph'));
  return serializeRichText(blocks);
}

/**
 * The typed words of the document as the number check reads them (a line per block, a chip as one
 * character that no number can include), with the document position of every character.
 */
export function typedText(doc: PmNode): { text: string; positions: number[] } {
  let text = '';
  const positions: number[] = [];
  let first = true;
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      if (!first) {
        text += '\n';
        positions.push(-1);
      }
      first = false;
      return true;
    }
    if (node.isText) {
      for (let i = 0; i < node.text!.length; i++) positions.push(pos + i);
      text += node.text;
    } else if (node.type.name === 'figure') {
      text += '\uFFFC';
      positions.push(pos);
    }
    return true;
  });
  return { text, positions };
}

/** Where the nth occurrence of a typed number or word stands in the document, if it is still there. */
export function findOccurrence(doc: PmNode, match: string, occurrence: number): { from: number; to: number } | null {
  const { text, positions } = typedText(doc);
  let at = -1;
  for (let n = 0; n <= occurrence; n++) {
    at = text.indexOf(match, at + 1);
    if (at === -1) return null;
  }
  const from = positions[at];
  const last = positions[at + match.length - 1];
  if (from < 0 || last < 0) return null;
  return { from, to: last + 1 };
}
