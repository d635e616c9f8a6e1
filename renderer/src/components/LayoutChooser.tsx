import { useState, type FormEvent } from 'react';
import type { SheetSample } from '../../../shared/import/importSchemas';
import { columnName } from '../../../shared/import/grid';
import type { LayoutChoice } from '../../../shared/import/layoutChoice';

interface Props {
  sample: SheetSample;
  onChoose: (choice: LayoutChoice) => void;
}

/**
 * For a sheet the workbench cannot read by itself: the top-left corner of the sheet, with row numbers and
 * column letters as the spreadsheet shows them, and a form to say how it is laid out.
 */
export function LayoutChooser({ sample, onChoose }: Props) {
  const width = Math.max(1, ...sample.rows.map((r) => r.length));
  const letters = Array.from({ length: width }, (_, i) => columnName(sample.firstColumn + i));
  const rowNumbers = sample.rows.map((_, i) => sample.firstRow + i);
  const [kind, setKind] = useState<'wide' | 'long'>('wide');
  const [headerRow, setHeaderRow] = useState(rowNumbers[Math.min(1, rowNumbers.length - 1)]);
  const [labelColumn, setLabelColumn] = useState(letters[0]);
  const [firstMonthColumn, setFirstMonthColumn] = useState(letters[Math.min(1, letters.length - 1)]);
  const [firstMonth, setFirstMonth] = useState('');
  const [period, setPeriod] = useState(letters[0]);
  const [measure, setMeasure] = useState(letters[Math.min(1, letters.length - 1)]);
  const [value, setValue] = useState(letters[letters.length - 1]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind === 'wide') onChoose({ kind, headerRow, labelColumn, firstMonthColumn, firstMonth });
    else onChoose({ kind, headerRow, period, measure, value });
  };
  const columnSelect = (label: string, current: string, set: (v: string) => void) => (
    <label>
      {label}
      <select value={current} onChange={(e) => set(e.target.value)}>
        {letters.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="layout-chooser" data-testid="layout-chooser">
      <h3>
        How is {sample.file}, sheet {sample.sheet}, laid out?
      </h3>
      <div className="table-wrap">
        <table className="sheet-sample">
          <caption>The first rows and columns of {sample.sheet}</caption>
          <thead>
            <tr>
              <td />
              {letters.map((l) => (
                <th key={l} scope="col">
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sample.rows.map((row, i) => (
              <tr key={i} className={rowNumbers[i] === headerRow ? 'chosen-header' : undefined}>
                <th scope="row">{rowNumbers[i]}</th>
                {letters.map((l, c) => (
                  <td key={l}>{row[c] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={submit} className="layout-form">
        <fieldset>
          <legend>Layout</legend>
          <label>
            <input type="radio" name={`kind-${sample.key}`} checked={kind === 'wide'} onChange={() => setKind('wide')} /> KPIs down, months across
          </label>
          <label>
            <input type="radio" name={`kind-${sample.key}`} checked={kind === 'long'} onChange={() => setKind('long')} /> One row per figure
          </label>
        </fieldset>
        <label>
          Header row
          <select value={headerRow} onChange={(e) => setHeaderRow(Number(e.target.value))}>
            {rowNumbers.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {kind === 'wide' ? (
          <>
            {columnSelect('Labels in column', labelColumn, setLabelColumn)}
            {columnSelect('First month in column', firstMonthColumn, setFirstMonthColumn)}
            <label>
              That month is
              <input type="month" value={firstMonth} required onChange={(e) => setFirstMonth(e.target.value)} aria-describedby={`months-${sample.key}`} />
            </label>
            <p className="hint" id={`months-${sample.key}`}>
              The header cells from that column on are read as one month after another.
            </p>
          </>
        ) : (
          <>
            {columnSelect('Month or period in column', period, setPeriod)}
            {columnSelect('Measure in column', measure, setMeasure)}
            {columnSelect('Value in column', value, setValue)}
          </>
        )}
        <button type="submit" className="primary">
          Read the sheet this way
        </button>
      </form>
    </section>
  );
}
