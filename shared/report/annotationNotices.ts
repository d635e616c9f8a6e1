import type { Annotation } from '../domain/annotation';
import { annotationLabel } from '../charts/annotationMarks';
import { escapeText, plainTemplate } from './richText';

/**
 * The draft follows what the analyst adds: an annotation of a KPI's period written (or rewritten) after the
 * report was drafted marks the KPI's first paragraph until its sentence is in one of the KPI's paragraphs or
 * the analyst leaves it out of this report. The same notices show in the editor (on the draft as it is being
 * typed) and on the command line (on the saved report).
 */

export interface AnnotationNotice {
  paragraphId: string;
  kpiId: string;
  annotationId: number;
  /** "A3": as the charts label it. */
  label: string;
  /** The sentence Insert adds, as the draft would have written it. */
  sentence: string;
  /** "A new annotation applies: A3 …" or "A3 was changed after drafting: …". */
  message: string;
}

/** An annotation as a sentence of the report: its words, ended with a full stop. */
export function annotationSentence(a: Pick<Annotation, 'text'>): string {
  return a.text.trim().replace(/([^.!?])$/, '$1.');
}

/** Whether a paragraph already says what the annotation says (its words, formatting aside). */
const says = (text: string, a: Pick<Annotation, 'text'>) => plainTemplate(text).includes(a.text.trim().replace(/[.!?]+$/, ''));

export function annotationNotices(
  paragraphs: readonly { id: string; kpiId: string | null; text: string }[],
  annotations: readonly Annotation[],
  report: { createdAt: string; leftOut: readonly number[] },
): AnnotationNotice[] {
  const byKpi = new Map<string, { id: string; text: string }[]>();
  for (const p of paragraphs) if (p.kpiId) byKpi.set(p.kpiId, [...(byKpi.get(p.kpiId) ?? []), p]);
  const notices: AnnotationNotice[] = [];
  for (const a of annotations) {
    // Written in the same millisecond as the draft counts as after it: a draft that took it in already says it.
    if (a.deletedAt || a.updatedAt < report.createdAt || report.leftOut.includes(a.id)) continue;
    const kpis = a.scope === 'all' ? [...byKpi.keys()] : a.kpiIds.filter((k) => byKpi.has(k));
    const label = annotationLabel(a);
    const sentence = annotationSentence(a);
    const message = a.createdAt >= report.createdAt ? `A new annotation applies: ${label} “${sentence}”` : `${label} was changed after drafting: “${sentence}”`;
    for (const kpiId of kpis) {
      const own = byKpi.get(kpiId)!;
      if (own.some((p) => says(p.text, a))) continue;
      notices.push({ paragraphId: own[0].id, kpiId, annotationId: a.id, label, sentence, message });
    }
  }
  return notices;
}

/** The paragraph with the annotation's sentence added at its end, as the draft places annotations. */
export function withAnnotation(text: string, notice: Pick<AnnotationNotice, 'sentence'>): string {
  const sentence = escapeText(notice.sentence);
  const lines = text.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1];
  // After a list, the sentence is a paragraph of its own rather than part of the last item.
  if (/^(- |\d{1,3}\. )/.test(last)) return `${lines.join('\n')}\n${sentence}`;
  return last ? `${lines.join('\n')} ${sentence}` : [...lines.slice(0, -1), sentence].join('\n');
}
