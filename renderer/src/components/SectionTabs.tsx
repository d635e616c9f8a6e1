import { useRef, type KeyboardEvent } from 'react';
import { SECTIONS } from '../../../shared/domain/kpi';

interface Props {
  section: number;
  onSelect: (section: number) => void;
}

/** The five report sections as tabs: arrow keys, Home and End move between them (WAI-ARIA tabs pattern). */
export function SectionTabs({ section, onSelect }: Props) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (index: number) => {
    const next = (index + SECTIONS.length) % SECTIONS.length;
    refs.current[next]?.focus();
    onSelect(SECTIONS[next].number);
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const keys: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: SECTIONS.length - 1 };
    if (event.key in keys) {
      event.preventDefault();
      move(keys[event.key]);
    }
  };
  return (
    <div role="tablist" aria-label="Report sections" className="section-tabs">
      {SECTIONS.map((s, i) => (
        <button
          key={s.number}
          ref={(el) => {
            refs.current[i] = el;
          }}
          role="tab"
          id={`tab-${s.number}`}
          aria-selected={s.number === section}
          aria-controls="section-panel"
          tabIndex={s.number === section ? 0 : -1}
          onClick={() => onSelect(s.number)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {s.number}. {s.title}
        </button>
      ))}
    </div>
  );
}
