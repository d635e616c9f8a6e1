import type { GlossaryEntry } from '../../../shared/report/model';

interface Props {
  glossary: readonly GlossaryEntry[];
  /** The terms the report's words use (as last saved): only these are printed. */
  used: readonly string[];
  onChange: (glossary: GlossaryEntry[]) => void;
}

/** The report's glossary, each term saying whether the export prints it. */
export function GlossaryEditor({ glossary, used, onChange }: Props) {
  const edit = (i: number, entry: Partial<GlossaryEntry>) => onChange(glossary.map((x, j) => (j === i ? { ...x, ...entry } : x)));
  return (
    <section className="report-glossary" aria-labelledby="glossary-heading">
      <h2 id="glossary-heading">Glossary</h2>
      <details>
        <summary>
          {glossary.length} terms, {glossary.filter((g) => used.includes(g.term)).length} of them used in the report and printed
        </summary>
        <p className="hint">The exported glossary lists only the terms the report’s words use (as last saved); the others stay here for the reports that use them.</p>
        {glossary.map((g, i) => (
          <div key={i} className="glossary-entry">
            <span className="glossary-term">
              <input aria-label={`Term ${i + 1}`} value={g.term} onChange={(e) => edit(i, { term: e.target.value })} />
              <span className="hint glossary-use">{used.includes(g.term) ? 'printed: the report uses it' : 'not printed: the report does not use it'}</span>
            </span>
            <textarea aria-label={`Definition of ${g.term}`} rows={2} value={g.definition} onChange={(e) => edit(i, { definition: e.target.value })} />
            <button type="button" onClick={() => onChange(glossary.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => onChange([...glossary, { term: 'New term', definition: 'What it means.' }])}>
          Add a term
        </button>
      </details>
    </section>
  );
}
