import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { NarrativeIssueDto } from '../../../shared/report/reportSchemas';
import { findOccurrence } from './docModel';

/** A finding as the editor shows it: the check's finding, and whether the analyst accepted it as written. */
export type Finding = Pick<NarrativeIssueDto, 'id' | 'kind' | 'match' | 'occurrence' | 'message' | 'suggestion' | 'accepted' | 'acceptedReason'>;

interface CheckMarksState {
  findings: readonly Finding[];
  decorations: DecorationSet;
}

export const checkMarksKey = new PluginKey<CheckMarksState>('checkMarks');

function decorate(state: EditorState, findings: readonly Finding[]): DecorationSet {
  const decorations = findings.flatMap((f) => {
    const at = findOccurrence(state.doc, f.match, f.occurrence);
    if (!at) return [];
    return [
      Decoration.inline(
        at.from,
        at.to,
        { class: f.accepted ? 'check-finding accepted' : 'check-finding', 'data-finding': f.id, title: f.accepted ? `Accepted as written: ${f.acceptedReason ?? ''}` : f.message },
        { findingId: f.id },
      ),
    ];
  });
  return DecorationSet.create(state.doc, decorations);
}

/** The findings' places in the document: where the selection is, which finding it is in. */
export function findingAt(state: EditorState, from: number, to = from): string | null {
  const set = checkMarksKey.getState(state)?.decorations;
  const found = set?.find(from, to, (spec) => typeof spec.findingId === 'string');
  return found?.length ? (found[0].spec.findingId as string) : null;
}

export function findingRange(state: EditorState, id: string): { from: number; to: number } | null {
  const set = checkMarksKey.getState(state)?.decorations;
  const found = set?.find(undefined, undefined, (spec) => spec.findingId === id);
  return found?.length ? { from: found[0].from, to: found[0].to } : null;
}

/**
 * Underlines each finding of the number check where it stands: the typed number or word. The findings
 * come from the check as the page runs it; set them with a transaction's meta.
 */
export const CheckMarks = Extension.create({
  name: 'checkMarks',
  addProseMirrorPlugins() {
    return [
      new Plugin<CheckMarksState>({
        key: checkMarksKey,
        state: {
          init: (_, state) => ({ findings: [], decorations: DecorationSet.create(state.doc, []) }),
          apply: (tr, value, _old, state) => {
            const findings = (tr.getMeta(checkMarksKey) as Finding[] | undefined) ?? value.findings;
            if (tr.getMeta(checkMarksKey)) return { findings, decorations: decorate(state, findings) };
            // Until the check has read the change, the underlines move with the text.
            return tr.docChanged ? { findings, decorations: value.decorations.map(tr.mapping, tr.doc) } : value;
          },
        },
        props: { decorations: (state) => checkMarksKey.getState(state)?.decorations },
      }),
    ];
  },
});
