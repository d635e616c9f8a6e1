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

/** The live figures to choose from, as a listbox: the "/" menu and the picker both show this. */
export function FigureMenu({ id, label, items, active, onChoose, onHover }: Props) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector(`#${CSS.escape(optionId(id, active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);
  if (!items.length) {
    return (
      <p className="figure-menu-empty" id={id} role="status">
        No figure matches. Try a KPI’s name and a measure: “crime change”, “101 abandonment this period”.
      </p>
    );
  }
  return (
    <ul className="figure-menu" id={id} role="listbox" aria-label={label} ref={list}>
      {items.map((item, i) => (
        <li
          key={item.source}
          id={optionId(id, i)}
          role="option"
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
      ))}
    </ul>
  );
}
