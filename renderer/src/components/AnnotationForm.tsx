import { useId, useState, type FormEvent } from 'react';
import type { Kpi } from '../../../shared/domain/kpi';
import { ANNOTATION_CATEGORIES, type AnnotationCategory, type AnnotationFields } from '../../../shared/domain/annotation';
import { ErrorMessage } from './ErrorMessage';
import { FormActions } from './FormActions';
import { errorText } from '../errorText';

export type AnnotationDraft = AnnotationFields;

interface Props {
  kpis: readonly Kpi[];
  initial: AnnotationDraft;
  submitLabel: string;
  /** Rejects with the message to show; the form stays open with what was typed. */
  onSubmit: (draft: AnnotationDraft) => Promise<unknown>;
  onCancel: () => void;
  /** Words above the form, e.g. which flagged figure it explains. */
  context?: string;
}

/** Writing or editing an annotation: which KPIs, which months, what kind of cause, and what happened. */
export function AnnotationForm({ kpis, initial, submitLabel, onSubmit, onCancel, context }: Props) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const set = <K extends keyof AnnotationDraft>(key: K, value: AnnotationDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ ...draft, to: draft.to || draft.from });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="annotation-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
      aria-label={submitLabel}
    >
      {context && <p className="form-context">{context}</p>}
      <div className="form-row">
        <label htmlFor={`${id}-from`}>From month</label>
        <input id={`${id}-from`} type="month" required value={draft.from} onChange={(e) => set('from', e.target.value)} />
        <label htmlFor={`${id}-to`}>To month</label>
        <input id={`${id}-to`} type="month" value={draft.to} min={draft.from} onChange={(e) => set('to', e.target.value)} />
        <label htmlFor={`${id}-category`}>Category</label>
        <select id={`${id}-category`} value={draft.category} onChange={(e) => set('category', e.target.value as AnnotationCategory)}>
          {Object.entries(ANNOTATION_CATEGORIES).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="form-row">
        <legend>Applies to</legend>
        <label>
          <input type="checkbox" checked={draft.scope === 'all'} onChange={(e) => set('scope', e.target.checked ? 'all' : 'kpis')} /> every KPI
        </label>
        {draft.scope === 'kpis' && (
          <select
            multiple
            aria-label="KPIs the annotation applies to (hold Ctrl to choose several)"
            size={Math.min(6, kpis.length)}
            value={draft.kpiIds}
            onChange={(e) => set('kpiIds', [...e.target.selectedOptions].map((o) => o.value))}
          >
            {kpis.map((k) => (
              <option key={k.id} value={k.id}>
                {k.number} {k.name}
              </option>
            ))}
          </select>
        )}
      </fieldset>
      <label className="form-text" htmlFor={`${id}-text`}>
        What happened
      </label>
      <textarea id={`${id}-text`} required rows={3} value={draft.text} onChange={(e) => set('text', e.target.value)} autoFocus />
      {error && <ErrorMessage message={error} />}
      <FormActions submitLabel={submitLabel} onCancel={onCancel} busy={busy} />
    </form>
  );
}
