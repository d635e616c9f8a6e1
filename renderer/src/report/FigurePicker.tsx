import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { FigureMenu, optionId } from './FigureMenu';
import type { FigureItem } from './figureItems';

interface Props {
  search: (query: string) => FigureItem[];
  onChoose: (item: FigureItem) => void;
  onClose: () => void;
}

/** A search box over every live figure of the period: type a KPI's name and a measure, Enter to insert. */
export function FigurePicker({ search, onChoose, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const items = useMemo(() => search(query), [search, query]);
  const menuId = useId().replace(/:/g, '');
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Enter' && items[active]) onChoose(items[active]);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };
  return (
    <div className="figure-picker" role="group" aria-label="Insert a live figure">
      <input
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={menuId}
        aria-activedescendant={items.length ? optionId(menuId, active) : undefined}
        aria-label="Search the period’s figures by KPI and measure"
        placeholder="e.g. all crime change"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={onClose}
      />
      <FigureMenu id={menuId} label="Live figures" items={items} active={active} onChoose={onChoose} onHover={setActive} />
    </div>
  );
}
