/**
 * Where a figure comes from. The same KPI and month can be held from more than one source (the force's own
 * systems and the published open data count differently), and the figures are kept side by side, never
 * mixed: a comparison, a verdict and a chart use one reporting source per KPI.
 */

/** The force's own systems: its monthly workbooks. Stored as ''. */
export const FORCE_SOURCE = '';
/** data.police.uk's record-level files (stop and search, street crime), recognised by their columns. */
export const DATA_POLICE_UK = 'data.police.uk';

/** How a source is named under a table or chart, and in a sentence: "Source: data.police.uk open data". */
export function sourceName(source: string): string {
  if (source === FORCE_SOURCE) return 'the force’s own systems';
  if (source === DATA_POLICE_UK) return 'data.police.uk open data';
  return source;
}

/** The source as the command line and the analyst name it: "force" for the force's own. */
export function sourceLabel(source: string): string {
  return source === FORCE_SOURCE ? 'force' : source;
}

export function parseSourceLabel(label: string): string {
  const text = label.trim();
  return text.toLowerCase() === 'force' ? FORCE_SOURCE : text;
}
