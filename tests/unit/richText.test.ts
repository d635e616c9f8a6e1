import { describe, expect, it } from 'vitest';
import { groupBlocks, parseRichText, plainTemplate, renderBlocks, serializeRichText, type TextBlock } from '../../shared/report/richText';

const t = (text: string, bold = false, italic = false) => ({ kind: 'text' as const, text, bold, italic });
const f = (source: string, bold = false, italic = false) => ({ kind: 'field' as const, source, bold, italic });

describe('a paragraph’s stored text with bold, italic and lists', () => {
  it('reads bold, italic and fields, and writes them back the same', () => {
    const text = 'Crime **{{all-crime.changed}} sharply** by *{{all-crime.difference}}* in the quarter.';
    const blocks = parseRichText(text);
    expect(blocks).toEqual([
      { kind: 'paragraph', inlines: [t('Crime '), f('{{all-crime.changed}}', true), t(' sharply', true), t(' by '), f('{{all-crime.difference}}', false, true), t(' in the quarter.')] },
    ]);
    expect(serializeRichText(blocks)).toBe(text);
  });

  it('reads list lines as bullet and numbered items, numbering each list from 1', () => {
    const text = 'The force recorded:\n- more burglary\n- less robbery\nIn order:\n1. calls\n2. crimes';
    const blocks = parseRichText(text);
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'bullet', 'bullet', 'paragraph', 'ordered', 'ordered']);
    expect(groupBlocks(blocks).map((g) => [g.kind, g.items.length])).toEqual([['paragraph', 1], ['bullet', 2], ['paragraph', 1], ['ordered', 2]]);
    expect(serializeRichText(blocks)).toBe(text);
  });

  it('keeps a star or a leading "- " the writer typed as text, not formatting', () => {
    expect(parseRichText('5 * 3 is 15')).toEqual([{ kind: 'paragraph', inlines: [t('5 * 3 is 15')] }]);
    const typed: TextBlock[] = [{ kind: 'paragraph', inlines: [t('- not a list, and a * star')] }];
    const stored = serializeRichText(typed);
    expect(stored).toBe('\\- not a list, and a \\* star');
    expect(parseRichText(stored)).toEqual(typed);
  });

  it('gives the number check the words alone: no markers, no list numbers', () => {
    expect(plainTemplate('**Crime** rose:\n1. by {{all-crime.difference}}\n2. by *4%*')).toBe('Crime rose:\nby {{all-crime.difference}}\nby 4%');
    expect(plainTemplate('No formatting at all.')).toBe('No formatting at all.');
  });

  it('renders each block as runs with the fields’ values, as the exports write them', () => {
    const blocks = renderBlocks('**{{all-crime.current}}** crimes:\n- *up* {{all-crime.changePercent}}', (source) => (source.includes('current') ? '23,871' : '+4%'));
    expect(blocks).toEqual([
      { kind: 'paragraph', runs: [{ text: '23,871', bold: true }, { text: ' crimes:' }] },
      { kind: 'bullet', runs: [{ text: 'up', italic: true }, { text: ' +4%' }] },
    ]);
  });
});
