import { useState, type FormEvent } from 'react';
import { DIRECTION_TEXT, DirectionSchema, SECTIONS, UnitSchema, type Direction, type Unit } from '../../../shared/domain/kpi';
import type { NewKpiDefinition } from '../../../shared/import/plan';

const UNIT_TEXT: Record<Unit, string> = {
  count: 'a count (added up over a period)',
  percent: 'a percentage',
  seconds: 'seconds',
  minutes: 'minutes',
  hours: 'hours',
  rate_per_1000: 'a rate per 1,000 people',
  currency: 'money (£)',
};

/**
 * What a label added as a new KPI is: its name, section, unit and direction of good. None is chosen for the
 * analyst: the unit decides how months add up and the direction how a change is judged.
 */
export function NewKpiForm({ label, initial, onDefine, onCancel }: { label: string; initial?: NewKpiDefinition; onDefine: (definition: NewKpiDefinition) => void; onCancel: () => void }) {
  const [name, setName] = useState(initial?.name ?? label);
  const [section, setSection] = useState(initial ? String(initial.section) : '');
  const [unit, setUnit] = useState<string>(initial?.unit ?? '');
  const [direction, setDirection] = useState<string>(initial?.direction ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onDefine({ name: name.trim() || label, section: Number(section), unit: unit as Unit, direction: direction as Direction });
  };
  return (
    <form className="new-kpi-form" aria-label={`New KPI for “${label}”`} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onCancel())}>
      <label>
        Name <input required value={name} onChange={(e) => setName(e.target.value)} size={32} maxLength={200} />
      </label>
      <label>
        Section{' '}
        <select required value={section} onChange={(e) => setSection(e.target.value)}>
          <option value="">— choose —</option>
          {SECTIONS.map((s) => (
            <option key={s.number} value={s.number}>
              {s.number}. {s.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Unit{' '}
        <select required value={unit} onChange={(e) => setUnit(e.target.value)}>
          <option value="">— choose —</option>
          {UnitSchema.options.map((u) => (
            <option key={u} value={u}>
              {UNIT_TEXT[u]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Direction of good{' '}
        <select required value={direction} onChange={(e) => setDirection(e.target.value)}>
          <option value="">— choose —</option>
          {DirectionSchema.options.map((d) => (
            <option key={d} value={d}>
              {DIRECTION_TEXT[d]}
            </option>
          ))}
        </select>
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          {initial ? 'Update the new KPI' : 'Add this KPI'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
