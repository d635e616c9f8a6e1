/**
 * Okabe–Ito colours, distinguishable with the common colour-vision deficiencies. The two years of a
 * trend chart also differ in line style and marker shape, and are labelled at the line end, so no reader
 * depends on colour alone.
 */
export const PALETTE = {
  thisYear: '#D55E00', // vermilion
  lastYear: '#0072B2', // blue
  neutral: '#000000',
  accent: '#009E73', // bluish green
  muted: '#56606B',
  grid: '#D9DDE1',
} as const;

export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

/**
 * Making Data Count's convention: blue for improvement, orange for concern, purple where neither is
 * better, grey for common-cause variation. Each also has its own marker shape, so colour is never the only cue.
 */
export const VARIATION_STYLE = {
  special_improving: { colour: '#0072B2', symbol: 'triangle', label: 'Special cause, improving' },
  special_concerning: { colour: '#D55E00', symbol: 'diamond', label: 'Special cause, concerning' },
  special_neither: { colour: '#A0527F', symbol: 'rect', label: 'Special cause, neither better nor worse' },
  common_cause: { colour: '#56606B', symbol: 'circle', label: 'Common-cause variation' },
} as const;
