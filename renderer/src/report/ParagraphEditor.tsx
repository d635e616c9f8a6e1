import { memo, useEffect, useId, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Placeholder } from '@tiptap/extensions';
import type { SuggestionProps } from '@tiptap/suggestion';
import type { EditorState } from '@tiptap/pm/state';
import { CheckMarks, checkMarksKey, findingAt, findingRange, type Finding } from './checkMarks';
import { docToText, textToDoc } from './docModel';
import { FigureChip, type FigureDescription } from './figureChip';
import { FigureMenu, optionId } from './FigureMenu';
import { FigurePicker } from './FigurePicker';
import type { FigureItem } from './figureItems';
import { FindingPopover } from './FindingPopover';
import { SlashFigures } from './slashFigures';

export interface EditableParagraph {
  id: string;
  section: number;
  kpiId: string | null;
  text: string;
  number: string;
}

/** What the page can ask of a paragraph: to take the focus, or to show one of its findings. */
export interface ParagraphHandle {
  focus: () => void;
  showFinding: (findingId: string) => void;
}

interface Props {
  paragraph: EditableParagraph;
  /** Changes when the page puts text in from outside (opening, a redraft, a revert): the editor then takes it. */
  generation: number;
  /** The KPI the paragraph is about, by name; null for a general paragraph. */
  kpiName: string | null;
  findings: readonly Finding[];
  describe: (source: string) => FigureDescription;
  searchFigures: (query: string, ownKpi: string | null) => FigureItem[];
  first: boolean;
  last: boolean;
  onChange: (id: string, text: string) => void;
  onAccept: (findingId: string, reason: string | null) => void;
  /** Moving and deleting, for a paragraph among others; a lone paragraph (a question's answer) has neither. */
  onMove?: (id: string, by: number) => void;
  onDelete?: (id: string) => void;
  /** What the text box is called, when not "Paragraph 1.1, its KPI". */
  label?: string;
  onRedraft: ((kpiId: string) => void) | null;
  handle: Ref<ParagraphHandle>;
}

interface SlashState {
  items: FigureItem[];
  active: number;
  top: number;
  left: number;
  command: (item: FigureItem) => void;
}

const STARTER = StarterKit.configure({
  // A report paragraph has bold, italic and lists, nothing else: anything pasted keeps its words only.
  heading: false,
  blockquote: false,
  code: false,
  codeBlock: false,
  horizontalRule: false,
  strike: false,
  underline: false,
  link: false,
  hardBreak: false,
  trailingNode: false,
  dropcursor: false,
  gapcursor: false,
});

/**
 * One numbered paragraph, edited as it will read: proportional text, live figures as chips, the number
 * check's findings underlined where they stand with their fixes in place.
 */
export const ParagraphEditor = memo(function ParagraphEditor(props: Props) {
  const { paragraph, kpiName, findings, first, last, onAccept, onMove, onDelete, onRedraft, handle } = props;
  const wrapper = useRef<HTMLDivElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const menuId = useId().replace(/:/g, '');
  const [slash, setSlash] = useState<SlashState | null>(null);
  const [picking, setPicking] = useState(false);
  const [active, setActive] = useState<{ id: string; top: number; left: number } | null>(null);
  // The editor's extensions are made once; what they read changes, so they read it through refs.
  const latest = useRef(props);
  latest.current = props;
  const slashRef = useRef(slash);
  slashRef.current = slash;

  const placeBelow = (from: number) => {
    const box = wrapper.current?.getBoundingClientRect();
    const at = editor.view.coordsAtPos(from);
    return { top: at.bottom - (box?.top ?? 0) + 4, left: Math.max(0, at.left - (box?.left ?? 0)) };
  };

  const showFindingAtSelection = (state: EditorState) => {
    const { from, to } = state.selection;
    const id = findingAt(state, from, to);
    setActive(id ? { id, ...placeBelow(findingRange(state, id)!.from) } : null);
  };

  const editor = useEditor(
    {
      extensions: [
        STARTER,
        Placeholder.configure({ placeholder: 'Type the paragraph; / inserts a live figure' }),
        FigureChip.configure({ describe: (source) => latest.current.describe(source) }),
        CheckMarks,
        SlashFigures.configure({
          handlers: () => ({
            items: (query) => latest.current.searchFigures(query, latest.current.paragraph.kpiId),
            show: (p: SuggestionProps<FigureItem, FigureItem> | null) => {
              if (!p) return setSlash(null);
              const rect = p.clientRect?.();
              const box = wrapper.current?.getBoundingClientRect();
              setSlash((s) => ({
                items: p.items,
                active: s && s.items === p.items ? s.active : 0,
                top: (rect?.bottom ?? 0) - (box?.top ?? 0) + 4,
                left: Math.max(0, (rect?.left ?? 0) - (box?.left ?? 0)),
                command: p.command,
              }));
            },
            keyDown: ({ event }) => {
              const s = slashRef.current;
              if (!s) return false;
              if (event.key === 'Escape') return setSlash(null), false;
              if (!s.items.length) return false;
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                const by = event.key === 'ArrowDown' ? 1 : -1;
                setSlash({ ...s, active: (s.active + by + s.items.length) % s.items.length });
                return true;
              }
              if (event.key === 'Enter' || event.key === 'Tab') {
                s.command(s.items[s.active]);
                return true;
              }
              return false;
            },
          }),
        }),
      ],
      content: textToDoc(paragraph.text),
      editorProps: {
        attributes: {
          class: 'paragraph-text',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': props.label ?? `Paragraph ${paragraph.number}${kpiName ? `, ${kpiName}` : ''}`,
          'aria-describedby': hintId,
          spellcheck: 'true',
        },
        handleKeyDown: (_view, event) => {
          // Alt+Enter on an underlined finding moves to its fixes.
          if (event.altKey && event.key === 'Enter' && popover.current) {
            popover.current.querySelector<HTMLElement>('button, input')?.focus();
            return true;
          }
          return false;
        },
      },
      onUpdate: ({ editor: e }) => latest.current.onChange(latest.current.paragraph.id, docToText(e.state.doc)),
      onSelectionUpdate: ({ editor: e }) => showFindingAtSelection(e.state),
      onFocus: ({ editor: e }) => showFindingAtSelection(e.state),
      onBlur: ({ event }) => {
        // Into the finding's own fixes is not away.
        if (!popover.current?.contains(event.relatedTarget as Node | null)) setActive(null);
      },
    },
    [],
  );

  const marks = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ bold: e.isActive('bold'), italic: e.isActive('italic'), bullet: e.isActive('bulletList'), ordered: e.isActive('orderedList') }),
  });

  // Text put in from outside (a redraft, a revert) takes the place of what the editor holds. Only then:
  // the page's copy of the text can lag a keystroke behind the editor, and must never be typed over it.
  useEffect(() => {
    if (docToText(editor.state.doc) !== latest.current.paragraph.text) editor.commands.setContent(textToDoc(latest.current.paragraph.text), { emitUpdate: false });
  }, [props.generation, editor]);

  // The check's findings, underlined; the open finding follows them.
  useEffect(() => {
    editor.view.dispatch(editor.state.tr.setMeta(checkMarksKey, findings));
    setActive((a) => {
      if (!a) return a;
      const range = findingRange(editor.state, a.id);
      return range ? { id: a.id, ...placeBelow(range.from) } : null;
    });
  }, [findings, editor]);

  useEffect(() => {
    editor.setOptions({
      editorProps: {
        ...editor.options.editorProps,
        attributes: { ...(editor.options.editorProps.attributes as Record<string, string>), 'aria-label': props.label ?? `Paragraph ${paragraph.number}${kpiName ? `, ${kpiName}` : ''}` },
      },
    });
  }, [paragraph.number, kpiName, editor]);

  // While the "/" menu is open the paragraph is a combobox over it (ARIA 1.2's pattern: an editable element
  // that controls a listbox and names the highlighted option), and a multi-line text box again after.
  useEffect(() => {
    const dom = editor.view.dom;
    if (slash?.items.length) {
      dom.setAttribute('role', 'combobox');
      dom.removeAttribute('aria-multiline');
      dom.setAttribute('aria-haspopup', 'listbox');
      dom.setAttribute('aria-controls', menuId);
      dom.setAttribute('aria-activedescendant', optionId(menuId, slash.active));
      dom.setAttribute('aria-expanded', 'true');
    } else {
      dom.setAttribute('role', 'textbox');
      dom.setAttribute('aria-multiline', 'true');
      dom.removeAttribute('aria-haspopup');
      dom.removeAttribute('aria-controls');
      dom.removeAttribute('aria-activedescendant');
      dom.removeAttribute('aria-expanded');
    }
  }, [slash, editor, menuId]);

  useImperativeHandle(
    handle,
    () => ({
      focus: () => {
        wrapper.current?.scrollIntoView({ block: 'center' });
        editor.commands.focus();
      },
      showFinding: (findingId) => {
        const range = findingRange(editor.state, findingId);
        wrapper.current?.scrollIntoView({ block: 'center' });
        if (range) editor.chain().focus().setTextSelection(range).run();
        else editor.commands.focus();
      },
    }),
    [editor],
  );

  const finding = active ? findings.find((f) => f.id === active.id) : undefined;
  const fix = (f: Finding) => {
    const range = findingRange(editor.state, f.id);
    if (!range || !f.suggestion) return;
    if (f.suggestion.field) editor.chain().focus().insertFigure(f.suggestion.field, range).run();
    else editor.chain().focus().insertContentAt(range, f.suggestion.text).run();
  };
  const open = findings.filter((f) => !f.accepted).length;

  return (
    <div className={`paragraph-editor${open ? ' has-problems' : ''}`} data-testid="paragraph" data-number={paragraph.number} id={`paragraph-${paragraph.id}`} ref={wrapper}>
      <div className="paragraph-head">
        <span className="paragraph-number">{paragraph.number}</span>
        <span className="paragraph-kpi">{kpiName ?? 'General'}</span>
        {open > 0 && <span className="paragraph-problems">{open} to check</span>}
        <span className="format-buttons" role="toolbar" aria-label={`Formatting of paragraph ${paragraph.number}`}>
          <button type="button" aria-pressed={marks.bold} title="Bold (Ctrl+B)" onClick={() => editor.chain().focus().toggleBold().run()}>
            <strong>B</strong>
            <span className="visually-hidden"> Bold</span>
          </button>
          <button type="button" aria-pressed={marks.italic} title="Italic (Ctrl+I)" onClick={() => editor.chain().focus().toggleItalic().run()}>
            <em>I</em>
            <span className="visually-hidden"> Italic</span>
          </button>
          <button type="button" aria-pressed={marks.bullet} title="Bulleted list (Ctrl+Shift+8)" onClick={() => editor.chain().focus().toggleBulletList().run()}>
            • List
          </button>
          <button type="button" aria-pressed={marks.ordered} title="Numbered list (Ctrl+Shift+7)" onClick={() => editor.chain().focus().toggleOrderedList().run()}>
            1. List
          </button>
          <button type="button" onClick={() => setPicking(true)}>
            Insert figure…
          </button>
        </span>
        <span className="paragraph-actions">
          {onMove && (
            <>
              <button type="button" aria-label={`Move paragraph ${paragraph.number} up`} disabled={first} onClick={() => onMove(paragraph.id, -1)}>
                ↑
              </button>
              <button type="button" aria-label={`Move paragraph ${paragraph.number} down`} disabled={last} onClick={() => onMove(paragraph.id, 1)}>
                ↓
              </button>
            </>
          )}
          {onRedraft && paragraph.kpiId && (
            <button type="button" onClick={() => onRedraft(paragraph.kpiId!)}>
              Redraft
            </button>
          )}
          {onDelete && (
            <button type="button" aria-label={`Delete paragraph ${paragraph.number}`} onClick={() => onDelete(paragraph.id)}>
              Delete
            </button>
          )}
        </span>
      </div>
      <div className="paragraph-body">
        <span className="paragraph-gutter" aria-hidden="true">
          {paragraph.number}
        </span>
        <EditorContent editor={editor} />
      </div>
      <p id={hintId} className="visually-hidden">
        Type / to insert a live figure. On an underlined finding, Alt+Enter offers its fixes.
      </p>
      {picking && (
        <div className="figure-popup" style={{ top: '2.2rem', right: 0 }}>
          <FigurePicker
            search={(q) => latest.current.searchFigures(q, paragraph.kpiId)}
            onChoose={(item) => {
              setPicking(false);
              editor.chain().focus().insertFigure(item.source, undefined, true).run();
            }}
            onClose={() => {
              setPicking(false);
              editor.commands.focus();
            }}
          />
        </div>
      )}
      {slash && (
        <div className="figure-popup" style={{ top: slash.top, left: slash.left }}>
          <FigureMenu id={menuId} label="Live figures" items={slash.items} active={slash.active} onChoose={(item) => slash.command(item)} onHover={(i) => setSlash({ ...slash, active: i })} />
        </div>
      )}
      {finding && active && !slash && (
        <FindingPopover
          key={finding.id}
          ref={popover}
          finding={finding}
          paragraphNumber={paragraph.number}
          top={active.top}
          left={active.left}
          onFix={() => fix(finding)}
          onAccept={(reason) => {
            onAccept(finding.id, reason);
            editor.commands.focus();
          }}
          onClose={() => editor.commands.focus()}
        />
      )}
    </div>
  );
});
