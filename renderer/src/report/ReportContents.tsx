import { SECTIONS } from '../../../shared/domain/kpi';
import type { EditableParagraph } from './ParagraphEditor';

export interface ParagraphState {
  open: number;
  accepted: number;
}

interface Props {
  paragraphs: readonly EditableParagraph[];
  kpiNames: ReadonlyMap<string, string>;
  states: ReadonlyMap<string, ParagraphState>;
  figures: ReadonlyMap<number, { tables: string[]; charts: { id: string; title: string }[] }>;
  collapsed: ReadonlySet<number>;
  onToggle: (section: number) => void;
  onGoToParagraph: (id: string) => void;
  onGoToFigures: (section: number) => void;
}

/** A paragraph's check in a mark and its words: the words are read out, the mark is seen. */
function stateText(state: ParagraphState | undefined): { mark: string; label: string; className: string } {
  if (state?.open) return { mark: `${state.open} to check`, label: `${state.open} to check`, className: 'state open' };
  if (state?.accepted) return { mark: '✓', label: 'checked, a finding accepted as written', className: 'state accepted' };
  return { mark: '✓', label: 'checked', className: 'state clear' };
}

/** The report's outline beside the text: sections (which collapse), their tables and charts, and each paragraph's check. */
export function ReportContents({ paragraphs, kpiNames, states, figures, collapsed, onToggle, onGoToParagraph, onGoToFigures }: Props) {
  return (
    <nav className="report-contents" aria-label="Report contents">
      <h2>Contents</h2>
      <ol className="contents-sections">
        {SECTIONS.map((s) => {
          const own = paragraphs.filter((p) => p.section === s.number);
          const isOpen = !collapsed.has(s.number);
          const open = own.reduce((n, p) => n + (states.get(p.id)?.open ?? 0), 0);
          const f = figures.get(s.number);
          return (
            <li key={s.number}>
              <button type="button" className="contents-toggle" aria-expanded={isOpen} aria-controls={`contents-${s.number}`} onClick={() => onToggle(s.number)}>
                <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> {s.number}. {s.title}
                {open > 0 && <span className="state open"> · {open} to check</span>}
              </button>
              {isOpen && (
                <ul id={`contents-${s.number}`} className="contents-items">
                  {f && (
                    <li>
                      <button type="button" className="link" onClick={() => onGoToFigures(s.number)}>
                        {f.tables.length} table{f.tables.length === 1 ? '' : 's'}
                        {f.charts.length ? `, ${f.charts.length} chart${f.charts.length === 1 ? '' : 's'}` : ''}
                      </button>
                    </li>
                  )}
                  {own.map((p) => {
                    const state = stateText(states.get(p.id));
                    return (
                      <li key={p.id}>
                        <button type="button" className="link" onClick={() => onGoToParagraph(p.id)}>
                          {p.number} {p.kpiId ? (kpiNames.get(p.kpiId) ?? p.kpiId) : 'General'}
                        </button>{' '}
                        <span className={state.className} data-testid={`contents-state-${p.number}`}>
                          {state.mark === state.label ? (
                            state.label
                          ) : (
                            <>
                              <span aria-hidden="true">{state.mark}</span>
                              <span className="visually-hidden">{state.label}</span>
                            </>
                          )}
                        </span>
                      </li>
                    );
                  })}
                  {!own.length && <li className="hint">No paragraphs</li>}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
