import { Extension } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import Suggestion, { type SuggestionKeyDownProps, type SuggestionProps } from '@tiptap/suggestion';
import type { FigureItem } from './figureItems';

/** How the page shows the "/" menu: it keeps the items, the highlighted one, and where to draw them. */
export interface SlashMenuHandlers {
  items: (query: string) => FigureItem[];
  show: (props: SuggestionProps<FigureItem, FigureItem> | null) => void;
  keyDown: (props: SuggestionKeyDownProps) => boolean;
}

/**
 * Typing "/" (at the start or after a space) opens a menu of live figures; the words typed after it search
 * KPIs and measures by name, Enter puts the highlighted figure in as a chip, Escape leaves the "/" as typed.
 */
export const SlashFigures = Extension.create<{ handlers: () => SlashMenuHandlers }>({
  name: 'slashFigures',
  addOptions() {
    return { handlers: () => ({ items: () => [], show: () => undefined, keyDown: () => false }) };
  },
  addProseMirrorPlugins() {
    const handlers = this.options.handlers;
    return [
      Suggestion<FigureItem, FigureItem>({
        editor: this.editor,
        pluginKey: new PluginKey('slashFigures'),
        char: '/',
        allowSpaces: true,
        allowedPrefixes: [' ', '(', '\u00a0'],
        items: ({ query }) => handlers().items(query),
        command: ({ editor, range, props }) => {
          editor.chain().focus().insertFigure(props.source, range, true).run();
        },
        render: () => ({
          onStart: (props) => handlers().show(props),
          onUpdate: (props) => handlers().show(props),
          onExit: () => handlers().show(null),
          onKeyDown: (props) => handlers().keyDown(props),
        }),
      }),
    ];
  },
});
