import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/domain/annotation';
import { annotationNotices, withAnnotation } from '../../shared/report/annotationNotices';

const DRAFTED = '2026-11-02T10:00:00.000Z';
const annotation = (id: number, fields: Partial<Annotation>): Annotation => ({
  id,
  scope: 'kpis',
  kpiIds: ['all-crime'],
  from: '2019-05',
  to: '2019-05',
  category: 'operational',
  text: 'Operation Lionheart began',
  author: 'analyst',
  createdAt: '2026-11-03T09:00:00.000Z',
  updatedAt: '2026-11-03T09:00:00.000Z',
  deletedAt: null,
  ...fields,
});
const paragraphs = [
  { id: 'p1', kpiId: 'all-crime', text: 'All crime increased by {{all-crime:change}}.' },
  { id: 'p2', kpiId: 'all-crime', text: 'By type:\n- violence' },
  { id: 'p3', kpiId: 'calls-999', text: 'The number of 999 calls rose.' },
  { id: 'p4', kpiId: null, text: 'A general paragraph.' },
];
const report = { createdAt: DRAFTED, leftOut: [] as number[] };

describe('annotation notices', () => {
  it('names a new annotation against its KPI’s first paragraph, and a rewritten one as changed', () => {
    const rewritten = annotation(2, { text: 'Recording changed in May', createdAt: '2026-10-01T09:00:00.000Z' });
    expect(annotationNotices(paragraphs, [annotation(1, {}), rewritten], report).map((n) => [n.paragraphId, n.message])).toEqual([
      ['p1', 'A new annotation applies: A1 “Operation Lionheart began.”'],
      ['p1', 'A2 was changed after drafting: “Recording changed in May.”'],
    ]);
  });

  it('says nothing of one older than the draft, deleted, left out, or already in any of the KPI’s paragraphs', () => {
    const older = annotation(1, { createdAt: '2026-10-01T09:00:00.000Z', updatedAt: '2026-10-01T09:00:00.000Z' });
    const deleted = annotation(2, { deletedAt: '2026-11-04T09:00:00.000Z' });
    const left = annotation(3, {});
    const said = annotation(4, { text: 'violence' });
    expect(annotationNotices(paragraphs, [older, deleted, left, said], { createdAt: DRAFTED, leftOut: [3] })).toEqual([]);
  });

  it('names one for every KPI with paragraphs when it applies to all', () => {
    expect(annotationNotices(paragraphs, [annotation(5, { scope: 'all', kpiIds: [] })], report).map((n) => [n.kpiId, n.paragraphId])).toEqual([
      ['all-crime', 'p1'],
      ['calls-999', 'p3'],
    ]);
  });

  it('inserts the sentence at the paragraph’s end, after a list as a paragraph of its own, stars escaped', () => {
    expect(withAnnotation('All crime rose. ', { sentence: 'Operation Lionheart began.' })).toBe('All crime rose. Operation Lionheart began.');
    expect(withAnnotation('By type:\n- violence', { sentence: 'Operation *Lionheart* began.' })).toBe('By type:\n- violence\nOperation \\*Lionheart\\* began.');
    expect(withAnnotation('', { sentence: 'Operation Lionheart began.' })).toBe('Operation Lionheart began.');
  });
});
