import type { Assurance, Variation } from '../../../shared/analysis/verdict';
import { ASSURANCE_WORDS, VARIATION_WORDS } from '../../../shared/analysis/verdict';
import { VARIATION_STYLE } from '../../../shared/charts/palette';

/**
 * Making Data Count's icons, drawn small: a ring coloured by the verdict (blue improving, orange concerning,
 * purple neither, grey common cause) holding H or L (higher or lower) for a special cause, or a wavy line of
 * points for common cause; assurance as P (passes), F (fails) or ? (hit and miss). Each carries its meaning
 * as text for screen readers and as a tooltip, and its letter or shape, so colour is never the only cue.
 */

const ASSURANCE_STYLE: Record<Assurance, { colour: string; letter: string }> = {
  meets: { colour: VARIATION_STYLE.special_improving.colour, letter: 'P' },
  fails: { colour: VARIATION_STYLE.special_concerning.colour, letter: 'F' },
  hit_and_miss: { colour: VARIATION_STYLE.common_cause.colour, letter: '?' },
};

export function variationText(variation: Variation | null, side: 'high' | 'low' | null, notJudged?: string | null): string {
  if (variation === null) return `Not judged${notJudged ? `: ${notJudged}` : ''}`;
  const words = VARIATION_WORDS[variation];
  const capital = words.charAt(0).toUpperCase() + words.slice(1);
  return variation === 'common_cause' || !side ? capital : `${capital} (${side === 'high' ? 'higher' : 'lower'})`;
}

interface VariationProps {
  variation: Variation | null;
  side: 'high' | 'low' | null;
  notJudged?: string | null;
  size?: number;
}

export function VariationIcon({ variation, side, notJudged, size = 22 }: VariationProps) {
  const text = variationText(variation, side, notJudged);
  const colour = variation ? VARIATION_STYLE[variation].colour : '#8a939c';
  return (
    <span className="verdict-icon" title={text} data-variation={variation ?? 'not_judged'}>
      <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="10" fill="#fff" stroke={colour} strokeWidth="2.5" strokeDasharray={variation ? undefined : '3 2'} />
        {variation === 'common_cause' && <path d="M5 13.5 L8 11 L11 14 L14 10.5 L17 13 L19.5 11.5" fill="none" stroke={colour} strokeWidth="1.8" strokeLinejoin="round" />}
        {variation && variation !== 'common_cause' && (
          <text x="12" y="16.5" textAnchor="middle" fontSize="12" fontWeight="700" fontFamily="Arial, sans-serif" fill={colour}>
            {side === 'low' ? 'L' : 'H'}
          </text>
        )}
        {!variation && (
          <text x="12" y="16" textAnchor="middle" fontSize="11" fontFamily="Arial, sans-serif" fill={colour}>
            –
          </text>
        )}
      </svg>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}

export function AssuranceIcon({ assurance, size = 22 }: { assurance: Assurance; size?: number }) {
  const style = ASSURANCE_STYLE[assurance];
  const text = ASSURANCE_WORDS[assurance].charAt(0).toUpperCase() + ASSURANCE_WORDS[assurance].slice(1);
  return (
    <span className="verdict-icon" title={text} data-assurance={assurance}>
      <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="10" fill="#fff" stroke={style.colour} strokeWidth="2.5" />
        <text x="12" y="16.5" textAnchor="middle" fontSize="12" fontWeight="700" fontFamily="Arial, sans-serif" fill={style.colour}>
          {style.letter}
        </text>
      </svg>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}

/** Both icons and the words beside them, as the KPI table, the cards and the KPI page show a verdict. */
export function Verdict({ variation, side, assurance, notJudged, words = true }: { variation: Variation | null; side: 'high' | 'low' | null; assurance: Assurance | null; notJudged?: string | null; words?: boolean }) {
  return (
    <span className="verdict">
      <VariationIcon variation={variation} side={side} notJudged={notJudged} />
      {assurance && <AssuranceIcon assurance={assurance} />}
      {words && (
        <span className="verdict-words" aria-hidden="true">
          {variationText(variation, side, notJudged)}
          {assurance ? `; ${ASSURANCE_WORDS[assurance]}` : ''}
        </span>
      )}
    </span>
  );
}
