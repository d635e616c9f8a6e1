import { useMemo, useState } from 'react';
import { useShortcuts } from '../keyboard';
import { DIRECTION_TEXT, type Kpi } from '../../../shared/domain/kpi';
import { api } from '../api';
import { useApi } from '../useApi';
import { navigate } from '../route';
import { TrendFigure } from '../components/TrendFigure';
import { Verdict } from '../components/VerdictIcons';
import { EventList } from '../components/EventList';
import { StepProposals } from '../components/StepProposals';
import { ErrorMessage } from '../components/ErrorMessage';
import { SpcCard } from '../components/SpcCard';
import { AnnotationForm } from '../components/AnnotationForm';
import { AnnotationList } from '../components/AnnotationList';
import { BreakdownCharts } from '../components/BreakdownCharts';
import { StatusMessage, type Status } from '../components/StatusMessage';
import { SourceChoice } from '../components/SourceChoice';
import { formatDay } from '../../../shared/domain/format';


function aggregationText(kpi: Kpi, names: Map<string, string>): string {
  const a = kpi.aggregation;
  switch (a.type) {
    case 'sum':
      return 'Months are added up.';
    case 'ratio':
      return `Calculated as ${names.get(a.numerator) ?? a.numerator} ÷ ${names.get(a.denominator) ?? a.denominator} over the period.`;
    case 'mean':
      return a.weight ? `Monthly values averaged, weighted by ${names.get(a.weight) ?? a.weight}.` : 'Monthly values averaged.';
    case 'latest':
      return 'A 12-month rolling figure: a period shows its last month’s value.';
  }
}

interface Props {
  kpiId: string;
  period: string;
}

/** One KPI: the trend for the period, its control chart with annotations and step changes, and its breakdowns. */

export function KpiDetail({ kpiId, period }: Props) {
  const [breakdown, setBreakdown] = useState('');
  const [dimension, category] = breakdown ? breakdown.split('\u0000') : [undefined, undefined];
  const history = useApi('series.history', { kpiId, dimension, category }, [kpiId, breakdown]);
  const kpis = useApi('kpis.list', {}, []);
  const names = useMemo(() => new Map((kpis.data ?? []).map((k) => [k.id, k.name])), [kpis.data]);
  const kpi = history.data?.kpi;
  const back = () => navigate({ view: 'section', section: kpi?.section ?? 1, period });

  // Escape goes back unless something on the page took it first (a form, an annotation's history).
  useShortcuts({ Escape: back });

  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<Status>();
  const spc = useApi('series.spc', { kpiId, period, dimension, category }, [kpiId, period, breakdown, version]);
  const table = useApi('table.get', kpi ? { period, section: kpi.section } : null, [period, kpi?.section, version]);
  const sources = useApi('kpis.sources', { kpiId }, [kpiId, version]);
  const sourceName = sources.data?.reportingName ?? undefined;
  const changed = () => setVersion((v) => v + 1);
  const lastMonth = history.data?.points.at(-1)?.month ?? new Date().toISOString().slice(0, 7);
  const label = breakdown ? `${kpi?.name}, ${dimension}: ${category}` : kpi?.name ?? '';
  return (
    <div className="kpi-detail">
      <button type="button" className="link back" onClick={back}>
        ← Back to the dashboard <span className="hint">(Esc)</span>
      </button>
      {history.error && <ErrorMessage message={history.error} />}
      {kpi && history.data && (
        <>
          <h1 tabIndex={-1}>
            {kpi.number} {kpi.name}
          </h1>
          {spc.data && (
            <section className="verdict-panel" aria-labelledby="verdict-heading" data-testid="kpi-verdict" data-kpi={kpi.id} data-variation={spc.data.verdict.variation ?? 'not_judged'} data-assurance={spc.data.verdict.assurance ?? ''}>
              <h2 id="verdict-heading">
                {spc.data.periodLong}
                {breakdown ? `: ${dimension}, ${category}` : ''}
              </h2>
              <p className="verdict-line">
                <Verdict variation={spc.data.verdict.variation} side={spc.data.verdict.side} assurance={spc.data.verdict.assurance} notJudged={spc.data.verdict.notJudged} />
              </p>
              {spc.data.notes.map((note) => (
                <p key={note} className="verdict-note">
                  {note}
                </p>
              ))}
              {spc.data.steps.length > 0 && !breakdown && <StepProposals steps={spc.data.steps} period={period} onChanged={changed} showKpi={false} />}
              {spc.data.events.length > 0 && kpis.data && (
                <>
                  <h3>Events in {spc.data.period}</h3>
                  <EventList events={spc.data.events} period={period} kpis={kpis.data} onChanged={changed} showKpi={false} />
                </>
              )}
            </section>
          )}
          {kpi.description && <p>{kpi.description}</p>}
          <dl className="facts">
            <dt>Unit</dt>
            <dd>{kpi.unit}</dd>
            <dt>Direction of good</dt>
            <dd data-testid="kpi-direction">
              {DIRECTION_TEXT[kpi.direction]}
              {kpi.directionChoice && (
                <span className="hint">
                  {' '}
                  (chosen by {kpi.directionChoice.by} on {formatDay(kpi.directionChoice.at)} in Settings; the catalogue has {DIRECTION_TEXT[kpi.directionChoice.catalogue].toLowerCase()})
                </span>
              )}
              {kpi.directionNote && <span className="direction-note">{kpi.directionNote}</span>}
            </dd>
            <dt>Source</dt>
            <dd data-testid="kpi-source">{sources.data && <SourceChoice sources={sources.data} onChanged={changed} />}</dd>
            <dt>Over a period</dt>
            <dd>{aggregationText(kpi, names)}</dd>
            {kpi.standard && (
              <>
                <dt>Standard</dt>
                <dd>{kpi.standard.text}</dd>
              </>
            )}
          </dl>
          {history.data.breakdowns.length > 0 && (
            <label className="breakdown-picker">
              <span>Breakdown</span>
              <select value={breakdown} onChange={(e) => setBreakdown(e.target.value)}>
                <option value="">All (headline figure)</option>
                {history.data.breakdowns.map((b) => (
                  <option key={`${b.dimension}|${b.category}`} value={`${b.dimension}\u0000${b.category}`}>
                    {b.dimension}: {b.category}
                  </option>
                ))}
              </select>
            </label>
          )}
          <TrendFigure key={`trend-${version}`} kpiId={kpiId} title={`Trend: ${label}`} period={period} dimension={dimension} category={category} sourceName={sourceName} />
          <div className="chart-with-notes">
            {spc.error && <ErrorMessage message={spc.error} />}
            {spc.data && <SpcCard view={spc.data} history={history.data} label={label} onChanged={changed} sourceName={sourceName} />}
            <aside className="chart-notes" aria-label="Annotations on these charts">
              <h2>Annotations</h2>
              <StatusMessage status={status} onUndone={(text) => (setStatus({ text }), changed())} />
              {adding && kpis.data ? (
                <AnnotationForm
                  kpis={kpis.data}
                  initial={{ scope: 'kpis', kpiIds: [kpi.id], from: lastMonth, to: lastMonth, category: 'other', text: '' }}
                  submitLabel="Add annotation"
                  onCancel={() => setAdding(false)}
                  onSubmit={async (fields) => {
                    const created = await api.call('annotations.create', fields);
                    setAdding(false);
                    setStatus({ text: `Annotation A${created.id} added.`, undo: async () => void (await api.call('annotations.delete', { id: created.id })) });
                    changed();
                  }}
                />
              ) : (
                <button type="button" onClick={() => setAdding(true)}>
                  Add annotation…
                </button>
              )}
              {spc.data && kpis.data && (
                <AnnotationList
                  compact
                  annotations={spc.data.annotations}
                  kpis={kpis.data}
                  onChanged={(text, undo) => {
                    setStatus({ text, undo });
                    changed();
                  }}
                />
              )}
            </aside>
          </div>
          {table.data && <BreakdownCharts table={table.data} kpiId={kpi.id} kpiName={kpi.name} />}
        </>
      )}
    </div>
  );
}
