import type { Kpi } from '../../../shared/domain/kpi';
import type { ReportTemplate } from '../../../shared/report/model';

interface Props {
  section: number;
  template: ReportTemplate;
  kpis: readonly Kpi[];
  onChange: (template: ReportTemplate) => void;
}

/** Which KPIs a section's table holds, in what order, and which have a trend chart and breakdown tables. */
export function ReportTemplateEditor({ section, template, kpis, onChange }: Props) {
  const current = template.sections.find((s) => s.number === section)!;
  const chosen = current.kpis;
  const others = kpis.filter((k) => k.section === section && !chosen.some((c) => c.kpiId === k.id));
  const byId = new Map(kpis.map((k) => [k.id, k]));
  const update = (next: typeof chosen) => onChange({ sections: template.sections.map((s) => (s.number === section ? { ...s, kpis: next } : s)) });
  const move = (i: number, by: number) => {
    const next = [...chosen];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    update(next);
  };
  return (
    <div className="template-editor">
      <table>
        <caption>Contents of section {section}: the KPI table’s rows in order</caption>
        <thead>
          <tr>
            <th scope="col">KPI</th>
            <th scope="col">Trend chart</th>
            <th scope="col">Breakdown tables</th>
            <th scope="col">Order</th>
          </tr>
        </thead>
        <tbody>
          {chosen.map((item, i) => {
            const kpi = byId.get(item.kpiId);
            return (
              <tr key={item.kpiId}>
                <th scope="row">{kpi ? `${kpi.number} ${kpi.name}` : item.kpiId}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Trend chart of ${kpi?.name}`}
                    checked={item.chart}
                    onChange={(e) => update(chosen.map((c, j) => (j === i ? { ...c, chart: e.target.checked } : c)))}
                  />
                </td>
                <td className="breakdown-choices">
                  {(kpi?.breakdowns ?? []).map((d) => (
                    <label key={d}>
                      <input
                        type="checkbox"
                        checked={item.breakdowns.includes(d)}
                        onChange={(e) =>
                          update(chosen.map((c, j) => (j === i ? { ...c, breakdowns: e.target.checked ? [...c.breakdowns, d] : c.breakdowns.filter((x) => x !== d) } : c)))
                        }
                      />{' '}
                      {d}
                    </label>
                  ))}
                  {!kpi?.breakdowns.length && '–'}
                </td>
                <td className="order">
                  <button type="button" aria-label={`Move ${kpi?.name} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" aria-label={`Move ${kpi?.name} down`} disabled={i === chosen.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" aria-label={`Leave ${kpi?.name} out`} onClick={() => update(chosen.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {others.length > 0 && (
        <label>
          Add a KPI{' '}
          <select value="" onChange={(e) => e.target.value && update([...chosen, { kpiId: e.target.value, chart: false, breakdowns: [...(byId.get(e.target.value)?.breakdowns ?? [])] }])}>
            <option value="">choose…</option>
            {others.map((k) => (
              <option key={k.id} value={k.id}>
                {k.number} {k.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
