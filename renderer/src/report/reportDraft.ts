import { useMemo, useRef } from 'react';
import { inReportOrder, numberParagraphs, type GlossaryEntry, type Marking, type ReportTemplate } from '../../../shared/report/model';
import type { ReportView } from '../../../shared/report/reportSchemas';
import type { Finding } from './checkMarks';
import type { EditableParagraph } from './ParagraphEditor';

/** The report as the analyst is editing it, before it is saved. */
export interface Draft {
  title: string;
  author: string;
  marking: Marking;
  template: ReportTemplate;
  glossary: GlossaryEntry[];
  paragraphs: EditableParagraph[];
  /** Findings accepted as written: id → why. */
  accepted: Map<string, string>;
  /** Annotations left out of this report. */
  leftOut: number[];
}

export const draftOf = (view: ReportView): Draft => ({
  title: view.title,
  author: view.author,
  marking: view.marking,
  template: view.template,
  glossary: view.glossary,
  paragraphs: view.paragraphs.map(({ id, section, kpiId, text, number }) => ({ id, section, kpiId, text, number })),
  accepted: new Map(view.issues.filter((i) => i.accepted).map((i) => [i.id, i.acceptedReason ?? ''])),
  leftOut: view.leftOut,
});

/** Renumbers paragraphs as they now stand, as the report will: 1.1, 1.2 … in each section. */
export const renumber = (paragraphs: EditableParagraph[]): EditableParagraph[] => numberParagraphs(inReportOrder(paragraphs));

let localCounter = 0;
export const newParagraphId = () => `new-${Date.now().toString(36)}-${localCounter++}`;

const NO_FINDINGS: readonly Finding[] = [];

/**
 * The number check's findings by paragraph, each with whether it was accepted as written. A paragraph keeps
 * the same findings array while its findings are unchanged, so its editor is not drawn again.
 */
export function useParagraphFindings(issues: readonly (Omit<Finding, 'accepted' | 'acceptedReason'> & { paragraphId: string })[], accepted: ReadonlyMap<string, string> | undefined) {
  const findings = useMemo(() => {
    const byParagraph = new Map<string, Finding[]>();
    for (const i of issues) {
      const reason = accepted?.get(i.id);
      byParagraph.set(i.paragraphId, [...(byParagraph.get(i.paragraphId) ?? []), { ...i, accepted: reason !== undefined, acceptedReason: reason ?? null }]);
    }
    return byParagraph;
  }, [issues, accepted]);
  const stable = useRef(new Map<string, { key: string; list: Finding[] }>());
  const findingsOf = (id: string): readonly Finding[] => {
    const list = findings.get(id);
    if (!list) return NO_FINDINGS;
    const key = JSON.stringify(list);
    const kept = stable.current.get(id);
    if (kept?.key === key) return kept.list;
    stable.current.set(id, { key, list });
    return list;
  };
  const openCount = [...findings.values()].flat().filter((f) => !f.accepted).length;
  return { findingsOf, openCount };
}
