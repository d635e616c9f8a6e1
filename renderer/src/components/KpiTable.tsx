import { Fragment, useState } from 'react';
import type { KpiTable as KpiTableData, KpiTableRowDto } from '../../../shared/api/contract';
import { SourcesPanel } from './SourcesPanel';

interface Props {
  table: KpiTableData;
  caption: string;
  onOpenKpi: (kpiId: string) => void;
}

const ASSESSMENT_TEXT: Record<KpiTableRowDto['assessment'], string> = {
  improved: '✓ better',
  deteriorated: '✗ worse',
  unchanged: 'no change',
  not_judged: '',
};

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
            <th scope="col">
              <span className="visually-hidden">Assessment against the direction of good</span>
            </th>
            <th scope="col">
              <span className="visually-hidden">Where the figures came from</span>
            </th>
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
                <td>{row.display.current}</td>
                <td>{row.display.previous}</td>
                <td>{row.display.change}</td>
                <td>{row.display.changePercent}</td>
                <td className={`assessment ${row.assessment}`}>{ASSESSMENT_TEXT[row.assessment]}</td>
                <td>
                  <button
                    type="button"
                    className="sources-toggle"
                    aria-expanded={open === key}
                    aria-label={`Where the figures of ${label} came from`}
                    title="Where did these figures come from?"
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
      {partialRows.length > 0 && <p className="footnote">* A period with months missing; hover the asterisk for which.</p>}
    </div>
  );
}
