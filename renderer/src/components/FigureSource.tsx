/** The line under a chart naming the source of its figures: "Source: data.police.uk open data". */
export function FigureSource({ name }: { name: string | undefined }) {
  return name ? <p className="figure-source" data-testid="figure-source">Source: {name}</p> : null;
}
