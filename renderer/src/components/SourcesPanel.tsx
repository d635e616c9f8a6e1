import type { Source } from '../../../shared/api/sourceSchemas';
import type { Unit } from '../../../shared/domain/kpi';
import { formatValue } from '../../../shared/domain/format';
import { formatMonthShort, parseMonthKey } from '../../../shared/domain/periods';
import { useApi } from '../useApi';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  kpiId: string;
  unit: Unit;
  period: string;
  dimension: string | null;
  category: string | null;
}

/** "force.xlsx: KPI Summary!Z6", with the import's name when it says more than the file's. */
function place(s: Source): string {
  const where = [s.file, s.sheet && s.cell ? `${s.sheet}!${s.cell}` : s.sheet].filter(Boolean).join(': ');
  if (!where) return s.source;
  return s.source && s.source !== s.file ? `${where} (${s.source})` : where;
}

function SourceList({ title, sources, unit, kpiId }: { title: string; sources: Source[]; unit: Unit; kpiId: string }) {
  return (
    <div>
      <h4>{title}</h4>
      {sources.length === 0 ? (
        <p>No stored figures.</p>
      ) : (
        <ul>
          {sources.map((s) => (
            <li key={`${s.kpiId}-${s.month}`}>
              {formatMonthShort(parseMonthKey(s.month))} {s.name}: <strong>{formatValue(s.value, s.kpiId === kpiId ? unit : 'count')}</strong> — {place(s)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Where the figures of one table row came from: each stored monthly figure with its file, sheet and cell. */
export function SourcesPanel({ kpiId, unit, period, dimension, category }: Props) {
  const sources = useApi('figures.sources', { kpiId, period, dimension: dimension ?? undefined, category: category ?? undefined }, [kpiId, period, dimension, category]);
  if (sources.error) return <ErrorMessage message={sources.error} />;
  if (!sources.data) return <p>Loading…</p>;
  return (
    <div className="sources" data-testid="sources">
      <SourceList title={sources.data.period} sources={sources.data.current} unit={unit} kpiId={kpiId} />
      <SourceList title={sources.data.previousPeriod} sources={sources.data.previous} unit={unit} kpiId={kpiId} />
    </div>
  );
}
