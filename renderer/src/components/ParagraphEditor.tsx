import { useRef } from 'react';
import type { Kpi } from '../../../shared/domain/kpi';
import { FIELD_MEASURES, fieldText, type FieldMeasure } from '../../../shared/report/fields';

export interface EditableParagraph {
  id: string;
  section: number;
  kpiId: string | null;
  text: string;
  number: string;
}

interface Props {
  paragraph: EditableParagraph;
  kpis: readonly Kpi[];
  problems: number;
  first: boolean;
  last: boolean;
  onChange: (text: string) => void;
  onMove: (by: number) => void;
  onDelete: () => void;
  onRedraft: (() => void) | null;
  /** The text with its fields worked out against the period's figures. */
  preview: string;
}

/** One numbered paragraph: its text with live fields, the figures they show, and a way to add a field. */
export function ParagraphEditor({ paragraph, kpis, problems, first, last, onChange, onMove, onDelete, onRedraft, preview }: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  const kpi = kpis.find((k) => k.id === paragraph.kpiId);
  const insert = (measure: FieldMeasure) => {
    if (!paragraph.kpiId) return;
    const field = fieldText({ kpiId: paragraph.kpiId, dimension: '', category: '', measure });
    const el = area.current;
    const at = el?.selectionStart ?? paragraph.text.length;
    onChange(`${paragraph.text.slice(0, at)}${field}${paragraph.text.slice(el?.selectionEnd ?? at)}`);
  };
  return (
    <div className={`paragraph-editor${problems ? ' has-problems' : ''}`} data-testid="paragraph" data-number={paragraph.number}>
      <div className="paragraph-head">
        <span className="paragraph-number">{paragraph.number}</span>
        <span className="paragraph-kpi">{kpi ? `${kpi.number} ${kpi.name}` : 'General'}</span>
        {problems > 0 && <span className="paragraph-problems">{problems} to check</span>}
        <span className="paragraph-actions">
          <button type="button" aria-label={`Move paragraph ${paragraph.number} up`} disabled={first} onClick={() => onMove(-1)}>
            ↑
          </button>
          <button type="button" aria-label={`Move paragraph ${paragraph.number} down`} disabled={last} onClick={() => onMove(1)}>
            ↓
          </button>
          {onRedraft && (
            <button type="button" onClick={onRedraft}>
              Redraft
            </button>
          )}
          <button type="button" onClick={onDelete}>
            Delete
          </button>
        </span>
      </div>
      <textarea ref={area} aria-label={`Paragraph ${paragraph.number}`} rows={Math.max(3, Math.ceil(paragraph.text.length / 110))} value={paragraph.text} onChange={(e) => onChange(e.target.value)} />
      {paragraph.kpiId && (
        <label className="insert-field">
          Insert a live field{' '}
          <select value="" onChange={(e) => e.target.value && insert(e.target.value as FieldMeasure)}>
            <option value="">choose…</option>
            {Object.entries(FIELD_MEASURES).map(([measure, description]) => (
              <option key={measure} value={measure}>
                {measure}: {description}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="paragraph-preview" aria-label={`Paragraph ${paragraph.number} as it will read`}>
        {preview || '(empty)'}
      </p>
    </div>
  );
}
