import { Fragment, type ComponentProps, type Ref } from 'react';
import type { Kpi } from '../../../shared/domain/kpi';
import type { AnnotationNotice } from '../../../shared/report/annotationNotices';
import type { ReportTemplate } from '../../../shared/report/model';
import { ReportTemplateEditor } from '../components/ReportTemplateEditor';
import { AnnotationNotices } from './AnnotationNotices';
import type { Finding } from './checkMarks';
import { ParagraphEditor, type EditableParagraph, type ParagraphHandle } from './ParagraphEditor';
import { SectionFigures } from './SectionFigures';

/** What every paragraph editor of the report shares: the figures it can name and what it does with a change. */
export type ParagraphActions = Pick<ComponentProps<typeof ParagraphEditor>, 'generation' | 'describe' | 'searchFigures' | 'onChange' | 'onAccept' | 'onMove' | 'onDelete' | 'onRedraft'>;

interface Props {
  section: { number: number; title: string };
  /** The section's paragraphs, numbered as the report prints them. */
  paragraphs: EditableParagraph[];
  open: boolean;
  onToggle: () => void;
  template: ReportTemplate;
  onTemplate: (template: ReportTemplate) => void;
  /** Unsaved changes: the table and charts follow the template once it is saved. */
  dirty: boolean;
  kpis: readonly Kpi[];
  kpiNames: ReadonlyMap<string, string>;
  /** The section's tables and charts as the export draws them, or why they are not there yet. */
  figures: { html: string } | undefined;
  figuresWaiting: string;
  notices: readonly AnnotationNotice[];
  onInsertNotice: (notice: AnnotationNotice) => void;
  onLeaveOutNotice: (notice: AnnotationNotice) => void;
  findingsOf: (paragraphId: string) => readonly Finding[];
  actions: ParagraphActions;
  handleFor: (paragraphId: string) => Ref<ParagraphHandle>;
  onAddParagraph: (kpiId: string | null) => void;
}

/** One section of the report as it reads: its table's KPIs, its tables and charts, and its commentary. */
export function ReportSection({ section: s, paragraphs, open, onToggle, template, onTemplate, dirty, kpis, kpiNames, figures, figuresWaiting, notices, onInsertNotice, onLeaveOutNotice, findingsOf, actions, handleFor, onAddParagraph }: Props) {
  return (
    <section className="report-section" aria-labelledby={`report-section-${s.number}`}>
      <h2 id={`report-section-${s.number}`}>
        <button type="button" className="section-toggle" aria-expanded={open} onClick={onToggle}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {s.number}. {s.title}
        </button>
      </h2>
      {open && (
        <>
          <details className="template-details">
            <summary>Which KPIs the section’s table holds ({template.sections.find((t) => t.number === s.number)!.kpis.length}), with charts and breakdowns</summary>
            <ReportTemplateEditor section={s.number} template={template} kpis={kpis} onChange={onTemplate} />
            {dirty && <p className="hint">The table and charts below change when you save.</p>}
          </details>
          <div id={`report-figures-${s.number}`}>{figures ? <SectionFigures number={s.number} title={s.title} html={figures.html} /> : <p className="hint">{figuresWaiting}</p>}</div>
          <h3>Commentary</h3>
          {paragraphs.map((p, i) => (
            <Fragment key={p.id}>
              <AnnotationNotices notices={notices.filter((n) => n.paragraphId === p.id)} onInsert={onInsertNotice} onLeaveOut={onLeaveOutNotice} />
              <ParagraphEditor
                {...actions}
                paragraph={p}
                kpiName={p.kpiId ? (kpiNames.get(p.kpiId) ?? p.kpiId) : null}
                findings={findingsOf(p.id)}
                first={i === 0}
                last={i === paragraphs.length - 1}
                handle={handleFor(p.id)}
              />
            </Fragment>
          ))}
          <div className="form-actions">
            <button type="button" onClick={() => onAddParagraph(null)}>
              Add a paragraph
            </button>
            <select aria-label={`Add a paragraph about a KPI in section ${s.number}`} value="" onChange={(e) => e.target.value && onAddParagraph(e.target.value)}>
              <option value="">Add a paragraph about…</option>
              {kpis
                .filter((k) => k.section === s.number)
                .map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
            </select>
          </div>
        </>
      )}
    </section>
  );
}
