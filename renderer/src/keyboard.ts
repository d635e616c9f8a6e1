import { useEffect, useRef } from 'react';

/**
 * Single-key shortcuts, as mail and code-review tools have them: they act only when the focus is not in
 * something that takes typing, so "j" in a text box is a "j". "g" then a letter goes to a view.
 */

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

/** What each key does, for the keyboard map ("?") and the handlers alike. */
export const KEYS: { group: string; keys: { keys: string; does: string }[] }[] = [
  {
    group: 'Anywhere',
    keys: [
      { keys: '?', does: 'show these keys' },
      { keys: 'p', does: 'the period: then type the start of one ("Q1 2019") or use ↑ ↓' },
      { keys: 'g then d', does: 'dashboard' },
      { keys: 'g then i', does: 'anomalies (the inbox)' },
      { keys: 'g then n', does: 'annotations' },
      { keys: 'g then p', does: 'peers' },
      { keys: 'g then o', does: 'sources (figures held from two sources)' },
      { keys: 'g then r', does: 'report' },
      { keys: 'g then q', does: 'Panel questions (the action log)' },
      { keys: 'g then t', does: 'returns' },
      { keys: 'g then m', does: 'import' },
      { keys: 'g then s', does: 'settings' },
      { keys: 'Tab, Shift+Tab', does: 'next and previous control' },
      { keys: 'Esc', does: 'close a dialog or form; from a KPI’s page, back to its section' },
    ],
  },
  {
    group: 'Dashboard',
    keys: [
      { keys: '1 to 5', does: 'a section' },
      { keys: '← →, Home, End', does: 'sections, on the section tabs' },
      { keys: 'Enter', does: 'on a KPI’s name: its page' },
    ],
  },
  {
    group: 'Anomalies',
    keys: [
      { keys: 'j, k', does: 'next and previous event' },
      { keys: 'e', does: 'explain the event' },
      { keys: 'x', does: 'dismiss the event' },
    ],
  },
  {
    group: 'Returns',
    keys: [
      { keys: 'j, k', does: 'next and previous cell without a figure' },
      { keys: 'Enter', does: 'on “Enter…” or “n/a…”: its form; after saving, the focus is back on the cell' },
    ],
  },
  {
    group: 'Report',
    keys: [
      { keys: 'Ctrl+S', does: 'save' },
      { keys: 'Ctrl+Shift+E', does: 'export to Word' },
      { keys: '/', does: 'in a paragraph: insert a live figure' },
      { keys: 'Alt+Enter', does: 'on an underlined finding: its fixes' },
      { keys: 'Ctrl+B, Ctrl+I', does: 'bold, italic' },
      { keys: 'Ctrl+Z, Ctrl+Shift+Z', does: 'undo, redo' },
    ],
  },
];

/** The item `by` places from the one holding the focus (the first or last when none does), kept in the list. */
export function stepThrough<T extends HTMLElement>(items: T[], by: number): T | undefined {
  if (!items.length) return undefined;
  const at = items.findIndex((item) => item.contains(document.activeElement));
  return items[at === -1 ? (by > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + by))];
}

/**
 * Calls `handlers[key]` for a key pressed outside any text field ("g d" for a sequence). The handlers are
 * read afresh at each key, so they may close over the page's current state.
 */
export function useShortcuts(handlers: Record<string, () => void>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    let prefix = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]') && e.key !== '?') return;
      const key = prefix ? `${prefix} ${e.key}` : e.key;
      const action = latest.current[key];
      if (action) {
        e.preventDefault();
        prefix = '';
        action();
        return;
      }
      if (!prefix && Object.keys(latest.current).some((k) => k.startsWith(`${e.key} `))) {
        prefix = e.key;
        clearTimeout(timer);
        timer = setTimeout(() => (prefix = ''), 1500);
        e.preventDefault();
        return;
      }
      prefix = '';
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      clearTimeout(timer);
    };
  }, []);
}

/** "Mod+Shift+E" for Ctrl+Shift+E (⌘⇧E on a Mac): the key as a command-key combination names it. */
function comboOf(e: KeyboardEvent): string {
  return [e.ctrlKey || e.metaKey ? 'Mod' : '', e.shiftKey ? 'Shift' : '', e.altKey ? 'Alt' : '', e.key.length === 1 ? e.key.toUpperCase() : e.key].filter(Boolean).join('+');
}

/**
 * Calls `handlers[combo]` for a command key ("Mod+S", "Mod+Shift+E"), wherever the focus is, typing included:
 * save and export work from inside the text being written. The handlers are read afresh at each key.
 */
export function useCommandKeys(handlers: Record<string, () => void>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey)) return;
      const action = latest.current[comboOf(e)];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
