import { Fragment, useState } from 'react';
import type { KpiTable as KpiTableData, KpiTableRowDto } from '../../../shared/api/tableSchemas';
import { SourcesPanel } from './SourcesPanel';
import { Verdict } from './VerdictIcons';
import { describeSources } from '../../../shared/domain/sources';
import { ComparisonCells } from './ComparisonCells';

interface Props {
  table: KpiTableData;
  caption: string;
  onOpenKpi: (kpiId: string) => void;
}


function partial(row: KpiTableRowDto): string | null {
  const { current, previous } = row.coverage;
  const notes = [];
  if (current.months < current.expected) notes.push(`${current.months} of ${current.expected} months this period`);
  if (previous.months < previous.expected) notes.push(`${previous.months} of ${previous.expected} months last year`);
  return notes.length ? notes.join('; ') : null;
}

/** The report's KPI table: the period, the same period a year earlier, volume change and % change. */
export function KpiTable({ table, caption, onOpenKpi }: Props) {
  const partialRows = table.rows.filter((r) => partial(r) !== null);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="table-wrap">
      <table className="kpi-table" data-testid="kpi-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">KPI</th>
            <th scope="col">Performance {table.headers.current}</th>
            <th scope="col">Performance {table.headers.previous}</th>
            <th scope="col">Volume Change</th>
            <th scope="col">% Change</th>
            <th scope="col">Variation and assurance</th>
            <th scope="col">Where from</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => {
            const note = partial(row);
            const headline = row.breakdown === null;
            const key = `${row.kpiId}|${row.breakdown}|${row.category}`;
            const label = headline ? `${row.number} ${row.name}` : `${row.name}, ${row.breakdown}: ${row.category}`;
            return (
              <Fragment key={key}>
              <tr className={headline ? 'headline' : 'breakdown'} data-kpi={row.kpiId}>
                <th scope="row">
                  {headline ? (
                    <button type="button" className="link" onClick={() => onOpenKpi(row.kpiId)}>
                      {row.number} {row.name}
                    </button>
                  ) : (
                    <span>
                      {row.breakdown}: {row.category}
                    </span>
                  )}
                  {note && (
                    <sup title={note} aria-label={`partial: ${note}`}>
                      *
                    </sup>
                  )}
                </th>
                <ComparisonCells row={row} />
                <td className="verdict-cell" data-testid="verdict" data-variation={row.verdict.variation ?? 'not_judged'} data-assurance={row.verdict.assurance ?? ''}>
                  <Verdict variation={row.verdict.variation} side={row.verdict.side} assurance={row.verdict.assurance} notJudged={row.verdict.notJudged} />
                </td>
                <td>
                  <button
                    type="button"
                    className="sources-toggle"
                    aria-expanded={open === key}
                    aria-label={`Sources of ${label}`}
                    onClick={() => setOpen(open === key ? null : key)}
                  >
                    Sources
                  </button>
                </td>
              </tr>
              {open === key && (
                <tr className="sources-row">
                  <td colSpan={7}>
                    <SourcesPanel kpiId={row.kpiId} unit={row.unit} period={table.period} dimension={row.breakdown} category={row.category} />
                  </td>
                </tr>
              )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {table.rows.length > 0 && <p className="footnote" data-testid="table-source">{describeSources(table.rows)}.</p>}
      {partialRows.length > 0 && <p className="footnote">* A period with months missing; hover the asterisk for which.</p>}
    </div>
  );
}
