import { useEffect, useRef } from 'react';
import type { FigureItem } from './figureItems';

interface Props {
  id: string;
  label: string;
  items: readonly FigureItem[];
  active: number;
  onChoose: (item: FigureItem) => void;
  onHover?: (index: number) => void;
}

export const optionId = (menuId: string, index: number) => `${menuId}-option-${index}`;

/** Options shown at once: the list follows the highlighted one rather than scrolling, so nothing in it needs a scroll bar to reach. */
const SHOWN = 8;

/** The live figures to choose from, as a listbox: the "/" menu and the picker both show this. */
export function FigureMenu({ id, label, items, active, onChoose, onHover }: Props) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector(`#${CSS.escape(optionId(id, active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);
  const first = Math.max(0, Math.min(active - Math.floor(SHOWN / 2), items.length - SHOWN));
  const shown = items.slice(first, first + SHOWN);
  if (!items.length) {
    return (
      <p className="figure-menu-empty" id={id} role="status">
        No figure matches. Try a KPI’s name and a measure: “crime change”, “101 abandonment this period”.
      </p>
    );
  }
  return (
    <>
    <ul className="figure-menu" id={id} role="listbox" aria-label={label} ref={list}>
      {shown.map((item, k) => {
        const i = first + k;
        return (
        <li
          key={item.source}
          id={optionId(id, i)}
          role="option"
          aria-setsize={items.length}
          aria-posinset={i + 1}
          aria-selected={i === active}
          // mousedown, not click: the editor keeps its selection while the choice is made.
          onMouseDown={(e) => {
            e.preventDefault();
            onChoose(item);
          }}
          onMouseEnter={() => onHover?.(i)}
        >
          <span className="figure-menu-label">{item.label}</span>
          <span className="figure-menu-value">{item.value}</span>
        </li>
        );
      })}
    </ul>
    {items.length > SHOWN && (
      <p className="figure-menu-more" aria-hidden="true">
        {first + 1}–{first + shown.length} of {items.length}: ↑ ↓ for more, or type to narrow
      </p>
    )}
    </>
  );
}
