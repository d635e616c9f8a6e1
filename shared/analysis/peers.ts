/**
 * The force's position among its Most Similar Forces. Rank 1 is the fewest offences (or the lowest rate);
 * areas with equal figures share a rank (1, 2, 2, 4). Rates per 1,000 population rank only when every
 * area's population is known, so that one measure ranks the whole group.
 */

/** Leicestershire's Most Similar Forces, as the Force Performance Report lists them. */
export const DEFAULT_PEER_GROUP = {
  force: 'Leicestershire',
  peers: ['Sussex', 'Hertfordshire', 'Essex', 'Bedfordshire', 'Hampshire', 'Nottinghamshire', 'Kent'],
};

export interface PeerFigure {
  area: string;
  isForce: boolean;
  offences: number | null;
  population: number | null;
}

export interface RankedPeer extends PeerFigure {
  per1000: number | null;
  rank: number | null;
}

export interface PeerRanking {
  rankedBy: 'per_1000' | 'offences';
  rows: RankedPeer[];
}

/** Names as the Home Office and the analyst write them: "Hampshire Constabulary" is "Hampshire". */
export function areaKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b(police|constabulary|force|service)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function rankPeers(figures: readonly PeerFigure[]): PeerRanking {
  const withFigures = figures.filter((f) => f.offences !== null);
  const rankedBy = withFigures.length > 0 && withFigures.every((f) => f.population !== null) ? 'per_1000' : 'offences';
  const rows: RankedPeer[] = figures.map((f) => ({
    ...f,
    per1000: f.offences !== null && f.population ? (1000 * f.offences) / f.population : null,
    rank: null,
  }));
  const measure = (r: RankedPeer) => (rankedBy === 'per_1000' ? r.per1000 : r.offences);
  const ordered = rows.filter((r) => measure(r) !== null).sort((a, b) => measure(a)! - measure(b)!);
  ordered.forEach((r, i) => {
    r.rank = i > 0 && measure(ordered[i - 1]) === measure(r) ? ordered[i - 1].rank : i + 1;
  });
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.area.localeCompare(b.area));
  return { rankedBy, rows };
}
