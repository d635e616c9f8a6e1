/** A chart's caption with the switch between the chart and the same figures as a table. */
export function FigureCaption({ title, asTable, onToggle }: { title: string; asTable: boolean; onToggle: () => void }) {
  return (
    <figcaption>
      <span className="trend-title">{title}</span>
      <button type="button" className="toggle" aria-pressed={asTable} onClick={onToggle}>
        {asTable ? 'Show as chart' : 'Show as table'}
      </button>
    </figcaption>
  );
}
