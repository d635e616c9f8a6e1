import type { KpiTableRowDto } from '../../../shared/api/tableSchemas';
import { FIELD_LABELS, FIELD_MEASURES, fieldText, parseField, renderSegments, type FieldMeasure, type RowLookup } from '../../../shared/report/fields';
import type { FigureDescription } from './figureChip';

/** A live figure the analyst can put in the text: from "/" or the picker. */
export interface FigureItem {
  source: string;
  value: string;
  /** "All Crime · this period" */
  label: string;
  kpiId: string;
}

const MEASURES = Object.keys(FIELD_MEASURES) as FieldMeasure[];

const rowLabel = (row: Pick<KpiTableRowDto, 'name' | 'breakdown' | 'category'>) => (row.category ? `${row.name} (${row.breakdown}: ${row.category})` : row.name);

const valueOf = (source: string, lookup: RowLookup) =>
  renderSegments(source, lookup)
    .map((s) => s.text)
    .join('');

/** Every figure of the period's KPI tables, each measure of each row, the paragraph's own KPI first. */
export function figureItems(rows: readonly KpiTableRowDto[], lookup: RowLookup, query: string, ownKpi: string | null, limit = 40): FigureItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const ordered = [...rows].sort((a, b) => Number(b.kpiId === ownKpi) - Number(a.kpiId === ownKpi));
  const items: FigureItem[] = [];
  for (const row of ordered) {
    for (const measure of MEASURES) {
      if ((measure === 'name' || measure === 'share') && !row.category) continue;
      const haystack = `${row.number} ${row.name} ${row.breakdown ?? ''} ${row.category ?? ''} ${measure} ${FIELD_LABELS[measure]} ${FIELD_MEASURES[measure]}`.toLowerCase();
      if (!words.every((w) => haystack.includes(w))) continue;
      const source = fieldText({ kpiId: row.kpiId, dimension: row.breakdown ?? '', category: row.category ?? '', measure });
      items.push({ source, value: valueOf(source, lookup), label: `${rowLabel(row)} · ${FIELD_LABELS[measure]}`, kpiId: row.kpiId });
      if (items.length >= limit) return items;
    }
  }
  return items;
}

/** What a chip shows and how it is read out: "23,871 (live figure: All Crime, this period, Q1 2019/20)". */
export function describeFigure(source: string, lookup: RowLookup, period: string): FigureDescription {
  const ref = parseField(source);
  if (!ref) return { value: source, label: 'not a figure', known: false };
  const row = lookup(ref.kpiId, ref.dimension, ref.category);
  if (!row) return { value: valueOf(source, lookup), label: `no such figure in ${period}`, known: false };
  return { value: valueOf(source, lookup), label: `${rowLabel(row)}, ${FIELD_LABELS[ref.measure]}, ${period}`, known: true };
}
