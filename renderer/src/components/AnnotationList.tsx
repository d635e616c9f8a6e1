import { useMemo, useState } from 'react';
import type { Annotation } from '../../../shared/domain/annotation';
import { ANNOTATION_CATEGORIES } from '../../../shared/domain/annotation';
import { annotationLabel } from '../../../shared/charts/annotationMarks';
import type { Kpi } from '../../../shared/domain/kpi';
import { formatMonth, parseMonthKey } from '../../../shared/domain/periods';
import { api } from '../api';
import { useApi } from '../useApi';
import { AnnotationForm } from './AnnotationForm';

const months = (a: Pick<Annotation, 'from' | 'to'>) =>
  a.from === a.to ? formatMonth(parseMonthKey(a.from)) : `${formatMonth(parseMonthKey(a.from))} – ${formatMonth(parseMonthKey(a.to))}`;

function History({ id }: { id: number }) {
  const history = useApi('annotations.history', { id }, [id]);
  return (
    <ol className="annotation-history">
      {history.data?.map((h, i) => (
        <li key={i}>
          {h.changedAt.slice(0, 16).replace('T', ' ')}, {h.action} by {h.author}: {months(h.fields)}, {ANNOTATION_CATEGORIES[h.fields.category]}: “{h.fields.text}”
        </li>
      ))}
    </ol>
  );
}

interface Props {
  annotations: readonly Annotation[];
  kpis: readonly Kpi[];
  /** Something changed: reload what shows annotations. */
  onChanged: (message: string, undo?: () => Promise<void>) => void;
  compact?: boolean;
}

/** Annotations as a list, each editable, deletable (restorable) and with its history. */
export function AnnotationList({ annotations, kpis, onChanged, compact }: Props) {
  const [editing, setEditing] = useState<number | null>(null);
  const [historyOf, setHistoryOf] = useState<number | null>(null);
  const names = useMemo(() => new Map(kpis.map((k) => [k.id, `${k.number} ${k.name}`])), [kpis]);
  if (!annotations.length) return <p className="empty-note">No annotations.</p>;
  return (
    <ul className={`annotation-list${compact ? ' compact' : ''}`} data-testid="annotation-list">
      {annotations.map((a) => (
        <li
          key={a.id}
          className={a.deletedAt ? 'deleted' : undefined}
          data-testid="annotation"
          data-id={a.id}
          onKeyDown={(e) => {
            // Escape closes an open history, the focus back on its button, before it can leave the page.
            if (e.key !== 'Escape' || historyOf !== a.id) return;
            e.preventDefault();
            setHistoryOf(null);
            e.currentTarget.querySelector<HTMLButtonElement>('button[data-history]')?.focus();
          }}
        >
          <div className="annotation-head">
            <span className="annotation-label">{annotationLabel(a)}</span>
            <span className="annotation-months">{months(a)}</span>
            <span className={`annotation-category ${a.category}`}>{ANNOTATION_CATEGORIES[a.category]}</span>
            {a.deletedAt && <span className="deleted-note">deleted</span>}
          </div>
          {editing === a.id ? (
            <AnnotationForm
              kpis={kpis}
              initial={{ scope: a.scope, kpiIds: a.kpiIds, from: a.from, to: a.to, category: a.category, text: a.text }}
              submitLabel="Save changes"
              onCancel={() => setEditing(null)}
              onSubmit={async (fields) => {
                await api.call('annotations.update', { id: a.id, fields });
                setEditing(null);
                onChanged(`Annotation ${annotationLabel(a)} saved; its earlier wording is kept in its history.`);
              }}
            />
          ) : (
            <p className="annotation-text">{a.text}</p>
          )}
          {!compact && (
            <p className="annotation-meta">
              {a.scope === 'all' ? 'Every KPI' : a.kpiIds.map((id) => names.get(id) ?? id).join('; ')} · by {a.author}, {a.createdAt.slice(0, 10)}
              {a.updatedAt !== a.createdAt && `, changed ${a.updatedAt.slice(0, 10)}`}
            </p>
          )}
          <div className="annotation-actions">
            {!a.deletedAt && editing !== a.id && (
              <button type="button" className="link" onClick={() => setEditing(a.id)}>
                Edit
              </button>
            )}
            {a.deletedAt ? (
              <button type="button" className="link" onClick={async () => (await api.call('annotations.restore', { id: a.id }), onChanged(`Annotation ${annotationLabel(a)} restored.`))}>
                Restore
              </button>
            ) : (
              <button
                type="button"
                className="link"
                onClick={async () => {
                  await api.call('annotations.delete', { id: a.id });
                  onChanged(`Annotation ${annotationLabel(a)} deleted.`, async () => void (await api.call('annotations.restore', { id: a.id })));
                }}
              >
                Delete
              </button>
            )}
            <button type="button" className="link" data-history aria-expanded={historyOf === a.id} onClick={() => setHistoryOf(historyOf === a.id ? null : a.id)}>
              History
            </button>
          </div>
          {historyOf === a.id && <History id={a.id} />}
        </li>
      ))}
    </ul>
  );
}
