import { mergeAttributes, Node, nodePasteRule } from '@tiptap/core';

/** What a chip shows and says: its value now, and what it is (KPI, breakdown, measure, period). */
export interface FigureDescription {
  value: string;
  label: string;
  known: boolean;
}

export interface FigureChipOptions {
  describe: (source: string) => FigureDescription;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    figure: {
      /** Puts a live figure where the selection is (or over a range), keeping the marks there; a space after it when typing on. */
      insertFigure: (source: string, range?: { from: number; to: number }, spaceAfter?: boolean) => ReturnType;
    };
  }
}

/**
 * A live figure in the text: an atomic chip showing the figure's value now. It is stored as its field
 * (`{{all-crime.current}}`), so the check, carry-forward and exports read it as before. Focus (selecting
 * it with the arrow keys) or hover shows what it is; its accessible name says both.
 */
export const FigureChip = Node.create<FigureChipOptions>({
  name: 'figure',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { describe: (source: string) => ({ value: source, label: source, known: false }) };
  },

  addAttributes() {
    return { source: { default: '' } };
  },

  parseHTML() {
    return [{ tag: 'span[data-figure]', getAttrs: (el) => ({ source: (el as HTMLElement).getAttribute('data-figure') ?? '' }) }];
  },

  renderHTML({ node, HTMLAttributes }) {
    // What a copy carries: the value as text, and the field for pasting back into a paragraph.
    const { value } = this.options.describe(String(node.attrs.source));
    return ['span', mergeAttributes(HTMLAttributes, { 'data-figure': node.attrs.source }), value];
  },

  renderText({ node }) {
    return this.options.describe(String(node.attrs.source)).value;
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement('span');
      const value = document.createElement('span');
      const info = document.createElement('span');
      const draw = (source: string) => {
        const d = this.options.describe(source);
        dom.className = `figure-chip${d.known ? '' : ' unknown'}`;
        dom.setAttribute('data-figure', source);
        dom.setAttribute('role', 'img');
        dom.setAttribute('aria-label', `${d.value} (live figure: ${d.label})`);
        value.textContent = d.value;
        info.textContent = d.label;
      };
      dom.contentEditable = 'false';
      value.className = 'figure-value';
      info.className = 'figure-info';
      info.setAttribute('aria-hidden', 'true');
      dom.append(value, info);
      draw(String(node.attrs.source));
      return {
        dom,
        update: (next) => {
          if (next.type.name !== 'figure') return false;
          draw(String(next.attrs.source));
          return true;
        },
        selectNode: () => dom.classList.add('selected'),
        deselectNode: () => dom.classList.remove('selected'),
      };
    };
  },

  addCommands() {
    return {
      insertFigure:
        (source, range, spaceAfter = false) =>
        ({ chain, state }) => {
          const at = range ?? { from: state.selection.from, to: state.selection.to };
          const marks = state.doc.resolve(at.from).marks().map((m) => ({ type: m.type.name }));
          const next = state.doc.textBetween(at.to, Math.min(at.to + 1, state.doc.content.size), '\n', '\uFFFC');
          const space = spaceAfter && !/^[\s.,;:!?)]/.test(next) ? [{ type: 'text', text: ' ' }] : [];
          return chain()
            .insertContentAt(at, [{ type: this.name, attrs: { source }, marks }, ...space])
            .run();
        },
    };
  },

  addPasteRules() {
    // A field pasted as text ("{{all-crime.current}}") becomes a chip.
    return [nodePasteRule({ find: /\{\{\s*[a-z0-9]+(?:-[a-z0-9]+)*(?:\[[^=\]]+=[^\]]+\])?\.[a-zA-Z]+\s*\}\}/g, type: this.type, getAttributes: (match) => ({ source: match[0] }) })];
  },
});
