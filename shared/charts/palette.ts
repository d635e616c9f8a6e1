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
