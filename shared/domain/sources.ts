/**
 * Where a figure comes from. The same KPI and month can be held from more than one source (the force's own
 * systems and the published open data count differently), and the figures are kept side by side, never
 * mixed: a comparison, a verdict and a chart use one reporting source per KPI.
 */

/** The force's own systems: its monthly workbooks. Stored as ''. */
export const FORCE_SOURCE = '';
/** data.police.uk's record-level files (stop and search, street crime), recognised by their columns. */
export const DATA_POLICE_UK = 'data.police.uk';

/** The Home Office's police recorded crime tables by force (other forces' figures, for the Peers page), recognised by their columns. */
export const HOME_OFFICE = 'Home Office tables';

/**
 * Figures typed by the analyst (spend, patrol hours) for a KPI no file supplies. A figure typed into a KPI that
 * has figures goes into its reporting source instead, as a gap filled or a correction, unless the analyst names
 * another: what was typed belongs with what it completes.
 */
export const HAND_SOURCE = 'entered by hand';

/** How a source is named under a table or chart, and in a sentence: "Source: data.police.uk open data". */
export function sourceName(source: string): string {
  if (source === FORCE_SOURCE) return 'the force’s own systems';
  if (source === DATA_POLICE_UK) return 'data.police.uk open data';
  if (source === HOME_OFFICE) return 'the Home Office police recorded crime tables by force';
  if (source === HAND_SOURCE) return 'figures entered by hand';
  return source;
}

/** The source as the command line and the analyst name it: "force" for the force's own. */
export function sourceLabel(source: string): string {
  return source === FORCE_SOURCE ? 'force' : source;
}

export function parseSourceLabel(label: string): string {
  const text = label.trim();
  const lower = text.toLowerCase();
  if (lower === 'force') return FORCE_SOURCE;
  return lower === 'hand' || lower === HAND_SOURCE ? HAND_SOURCE : text;
}

/**
 * The line under a table naming where its figures come from: "Source: the force’s own systems", or, where some
 * KPIs are reported from another source, "Sources: the force’s own systems; 5.1 Number of Stop and Searches:
 * data.police.uk open data".
 */
export function describeSources(rows: readonly { number: string; name: string; source: string; sourceName: string }[]): string {
  const others = new Map<string, string[]>();
  let force = false;
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.number} ${row.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (parseSourceLabel(row.source) === FORCE_SOURCE) force = true;
    else others.set(row.sourceName, [...(others.get(row.sourceName) ?? []), key]);
  }
  if (others.size === 0) return `Source: ${sourceName(FORCE_SOURCE)}`;
  if (!force && others.size === 1) return `Source: ${[...others.keys()][0]}`;
  const parts = [...(force ? [sourceName(FORCE_SOURCE)] : []), ...[...others].map(([name, kpis]) => `${kpis.join(', ')}: ${name}`)];
  return `Sources: ${parts.join('; ')}`;
}
