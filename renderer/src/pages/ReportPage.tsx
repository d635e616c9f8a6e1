import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useCommandKeys } from '../keyboard';
import { SECTIONS } from '../../../shared/domain/kpi';
import { rowLookup } from '../../../shared/report/fields';
import { MARKINGS, type Marking } from '../../../shared/report/model';
import { checkReportText } from '../../../shared/report/numberCheck';
import { annotationNotices, withAnnotation, type AnnotationNotice } from '../../../shared/report/annotationNotices';
import type { ReportView } from '../../../shared/report/reportSchemas';
import { api } from '../api';
import { useApi } from '../useApi';
import { ErrorMessage } from '../components/ErrorMessage';
import { StatusMessage, type Status } from '../components/StatusMessage';
import type { ParagraphHandle } from '../report/ParagraphEditor';
import { ReportSection } from '../report/ReportSection';
import { ReportContents, type ParagraphState } from '../report/ReportContents';
import { ExportPanel } from '../report/ExportPanel';
import { ChangesPanel } from '../report/ChangesPanel';
import { CheckList } from '../report/CheckList';
import { draftOf, newParagraphId, renumber, useParagraphFindings, type Draft } from '../report/reportDraft';
import { GlossaryEditor } from '../report/GlossaryEditor';
import { describeFigure, figureItems } from '../report/figureItems';
import { errorText } from '../errorText';

/** The Force Performance Report of the period, written as it reads: contents, text with live figures, check, exports. */
export function ReportPage({ period }: { period: string }) {
  const list = useApi('report.list', {}, [period]);
  const kpis = useApi('kpis.list', {}, []);
  const table = useApi('table.get', { period, scope: 'all' }, [period]);
  const [view, setView] = useState<ReportView>();
  const [figuresVersion, setFiguresVersion] = useState(0);
  const figures = useApi('report.figures', view ? { period } : null, [period, !!view, figuresVersion]);
  const [draft, setDraft] = useState<Draft>();
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<Status>();
  const [busy, setBusy] = useState(false);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  /** Counts the times the text was put in from outside the editors (opening, a redraft, a revert). */
  const [generation, setGeneration] = useState(0);
  const handles = useRef(new Map<string, ParagraphHandle>());
  const handleRefs = useRef(new Map<string, (h: ParagraphHandle | null) => void>());
  const existing = list.data?.find((r) => r.period === period);
  const previous = list.data?.find((r) => r.period !== period);

  const rows = table.data?.rows;
  const lookup = useMemo(() => rowLookup(rows ?? []), [rows]);
  const kpiNames = useMemo(() => new Map((kpis.data ?? []).map((k) => [k.id, k.name])), [kpis.data]);

  const show = (next: ReportView) => {
    setView(next);
    setDraft(draftOf(next));
    setDirty(false);
    setGeneration((g) => g + 1);
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  // The report's heading takes the focus once it is there: the page may still be loading what it shows.
  const headingWanted = useRef(false);
  const heading = useCallback((element: HTMLHeadingElement | null) => {
    if (!element || !headingWanted.current) return;
    headingWanted.current = false;
    element.focus();
  }, []);
  const open = (start: 'draft' | 'previous', announce = false) =>
    run(async () => {
      const next = await api.call('report.open', { period, start });
      // The button pressed goes: the focus goes to the report's heading, and the line above says what was done.
      headingWanted.current = announce;
      show(next);
      if (!announce) return;
      setStatus({ text: `${start === 'draft' ? 'Drafted' : 'Carried forward'}: ${next.paragraphs.length} paragraphs. ${next.openIssues ? `The check lists ${next.openIssues} to look at.` : 'The check found nothing to correct.'}` });
    });

  // Opens the period's report once the list says there is one; a report the analyst has just drafted here is
  // already open, and opening it again would put its text back under their typing.
  const shownPeriod = view?.period;
  useEffect(() => {
    if (shownPeriod === period) return;
    setView(undefined);
    setDraft(undefined);
    if (existing) void open('draft');
  }, [period, existing?.period]);

  const draftRef = useRef(draft);
  draftRef.current = draft;
  const change = useCallback((update: (d: Draft) => Draft) => {
    setDraft((d) => (d ? update(d) : d));
    setDirty(true);
  }, []);

  // The check as the export will run it, on the text as it stands, while the analyst types.
  const deferredParagraphs = useDeferredValue(draft?.paragraphs);
  const issues = useMemo(() => (deferredParagraphs && rows && kpis.data ? checkReportText(deferredParagraphs, rows, kpis.data, view?.analystNumbers) : []), [deferredParagraphs, rows, kpis.data, view?.analystNumbers]);
  const { findingsOf, openCount } = useParagraphFindings(issues, draft?.accepted);

  const save = async (): Promise<ReportView | undefined> => {
    if (!draft) return undefined;
    const sent = draft;
    const next = await api.call('report.save', {
      period,
      changes: {
        title: draft.title,
        author: draft.author,
        marking: draft.marking,
        template: draft.template,
        glossary: draft.glossary,
        paragraphs: draft.paragraphs.map(({ id, section, kpiId, text }) => ({ id, section, kpiId, text })),
        accepted: [...draft.accepted].filter(([id]) => issues.some((i) => i.id === id)).map(([id, reason]) => ({ id, reason: reason || 'accepted as written' })),
        leftOut: draft.leftOut,
      },
    });
    if (JSON.stringify(next.template) !== JSON.stringify(view?.template)) setFiguresVersion((v) => v + 1);
    setView(next);
    // Whatever was typed while the save was on its way stays, and stays to be saved.
    setDraft((current) => (current === sent ? draftOf(next) : current));
    setDirty((wasDirty) => wasDirty && draftRef.current !== sent);
    return next;
  };
  const saveNow = () =>
    run(async () => {
      const next = await save();
      if (next) setStatus({ text: `Saved. ${next.openIssues ? `The check lists ${next.openIssues} thing${next.openIssues === 1 ? '' : 's'} to look at.` : 'The check found nothing to correct.'}` });
    });

  useCommandKeys({ 'Mod+S': () => dirty && !busy && void saveNow() });

  // Leaving with unsaved text is asked about; nothing typed is lost to a stray click.
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [dirty]);

  const onText = useCallback((id: string, text: string) => change((d) => ({ ...d, paragraphs: d.paragraphs.map((p) => (p.id === id ? { ...p, text } : p)) })), [change]);
  const onAccept = useCallback(
    (findingId: string, reason: string | null) =>
      change((d) => {
        const accepted = new Map(d.accepted);
        if (reason === null) accepted.delete(findingId);
        else accepted.set(findingId, reason);
        return { ...d, accepted };
      }),
    [change],
  );
  const onMove = useCallback(
    (id: string, by: number) =>
      change((d) => {
        const ordered = renumber(d.paragraphs);
        const from = ordered.findIndex((p) => p.id === id);
        const own = ordered.filter((p) => p.section === ordered[from].section);
        const neighbour = own[own.findIndex((p) => p.id === id) + by];
        if (!neighbour) return d;
        const to = ordered.findIndex((p) => p.id === neighbour.id);
        [ordered[from], ordered[to]] = [ordered[to], ordered[from]];
        return { ...d, paragraphs: renumber(ordered) };
      }),
    [change],
  );
  const onDelete = useCallback(
    (id: string) => {
      setDraft((d) => {
        if (!d) return d;
        const index = d.paragraphs.findIndex((p) => p.id === id);
        const removed = d.paragraphs[index];
        setStatus({
          text: `Paragraph ${removed.number} deleted.`,
          undo: async () => change((now) => ({ ...now, paragraphs: renumber([...now.paragraphs.slice(0, index), removed, ...now.paragraphs.slice(index)]) })),
        });
        return { ...d, paragraphs: renumber(d.paragraphs.filter((p) => p.id !== id)) };
      });
      setDirty(true);
    },
    [change],
  );
  const onRedraft = useCallback(
    (kpiId: string) =>
      run(async () => {
        show(await api.call('report.redraft', { period, kpiId }));
        setStatus({ text: `Paragraphs of ${kpiNames.get(kpiId) ?? kpiId} drafted afresh.` });
      }),
    [period, kpiNames],
  );
  // Annotations written after drafting, worked out on the text as it stands: a notice goes once its sentence is in.
  const notices = useMemo(
    () => (view && draft ? annotationNotices(draft.paragraphs, view.annotations, { createdAt: view.draftedAt, leftOut: draft.leftOut }) : []),
    [view, draft?.paragraphs, draft?.leftOut],
  );
  const onInsertAnnotation = (notice: AnnotationNotice) => {
    const before = draft?.paragraphs.find((p) => p.id === notice.paragraphId);
    if (!before) return;
    const putBack = (text: string) => {
      onText(notice.paragraphId, text);
      // The paragraph's editor takes text put in from outside it.
      setGeneration((g) => g + 1);
    };
    putBack(withAnnotation(before.text, notice));
    setStatus({ text: `${notice.label} inserted into paragraph ${before.number}.`, undo: async () => putBack(before.text) });
  };
  const onLeaveOutAnnotation = (notice: AnnotationNotice) => {
    change((d) => ({ ...d, leftOut: [...new Set([...d.leftOut, notice.annotationId])] }));
    setStatus({ text: `${notice.label} left out of this report.`, undo: async () => change((d) => ({ ...d, leftOut: d.leftOut.filter((id) => id !== notice.annotationId) })) });
  };
  const describe = useCallback((source: string) => describeFigure(source, lookup, period), [lookup, period]);
  const searchFigures = useCallback((query: string, ownKpi: string | null) => figureItems(rows ?? [], lookup, query, ownKpi), [rows, lookup]);
  const handleFor = (id: string) => {
    let ref = handleRefs.current.get(id);
    if (!ref) {
      ref = (h) => (h ? handles.current.set(id, h) : handles.current.delete(id));
      handleRefs.current.set(id, ref);
    }
    return ref;
  };
  const reveal = (paragraphId: string, act: (h: ParagraphHandle) => void) => {
    const section = draft?.paragraphs.find((p) => p.id === paragraphId)?.section;
    if (section && collapsed.has(section)) setCollapsed((c) => new Set([...c].filter((n) => n !== section)));
    // After a collapsed section opens, its paragraph exists on the next frame.
    requestAnimationFrame(() => {
      const h = handles.current.get(paragraphId);
      if (h) act(h);
    });
  };
  const addParagraph = (section: number, kpiId: string | null) => {
    const id = newParagraphId();
    change((d) => ({ ...d, paragraphs: renumber([...d.paragraphs, { id, section, kpiId, text: '', number: '' }]) }));
    reveal(id, (h) => h.focus());
  };

  // Until the list has come, whether there is a report is not known: no "Draft" button that might draft twice.
  if (!list.data && !view) return list.error ? <ErrorMessage message={list.error} /> : <p className="hint">Opening the report…</p>;
  if (!existing && !view) {
    return (
      <div className="report-page">
        <h1>Force Performance Report, {period}</h1>
        {list.error && <ErrorMessage message={list.error} />}
        {error && <ErrorMessage message={error} />}
        <p>There is no report for {period} yet. Start one:</p>
        <div className="form-actions">
          <button type="button" className="primary" disabled={busy} onClick={() => open('draft', true)}>
            Draft it from the data
          </button>
          {previous && (
            <button type="button" disabled={busy} onClick={() => open('previous', true)}>
              Carry forward the wording of {previous.period}
            </button>
          )}
        </div>
        <p className="hint">A draft has a paragraph per KPI, its figures live: they show the period’s data and follow a re-import. Carried-forward wording keeps its live figures, which then show {period}’s.</p>
      </div>
    );
  }
  if (!view || !draft || !kpis.data || !rows) return <p className="hint">Opening the report…</p>;

  const paragraphs = renumber(draft.paragraphs);
  const states = new Map<string, ParagraphState>(paragraphs.map((p) => [p.id, { open: findingsOf(p.id).filter((f) => !f.accepted).length, accepted: findingsOf(p.id).filter((f) => f.accepted).length }]));
  const figuresBySection = new Map((figures.data ?? []).map((f) => [f.number, f]));
  const toggle = (section: number) => setCollapsed((c) => (c.has(section) ? new Set([...c].filter((n) => n !== section)) : new Set([...c, section])));

  return (
    <div className="report-page">
      <h1 ref={heading} tabIndex={-1}>
        {draft.title}, {view.periodLong}
      </h1>
      {view.carriedFrom && <p className="hint">The wording was carried forward from {view.carriedFrom}; its live figures show {view.period}’s.</p>}
      {error && <ErrorMessage message={error} />}
      <div className="toolbar report-toolbar">
        <label>
          Title <input value={draft.title} onChange={(e) => change((d) => ({ ...d, title: e.target.value }))} size={28} />
        </label>
        <label>
          Author <input value={draft.author} onChange={(e) => change((d) => ({ ...d, author: e.target.value }))} size={22} placeholder="who writes the report" data-testid="report-author" />
        </label>
        <label>
          Marking
          <select value={draft.marking} onChange={(e) => change((d) => ({ ...d, marking: e.target.value as Marking }))}>
            {MARKINGS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        {/* aria-disabled, not disabled: a button that has just saved keeps the focus. */}
        <button type="button" className="primary" aria-disabled={!dirty || busy} onClick={() => dirty && !busy && void saveNow()}>
          Save <span className="shortcut">(Ctrl+S)</span>
        </button>
        <button type="button" aria-disabled={!dirty || busy} onClick={() => dirty && !busy && (show(view), setStatus({ text: 'Changes since the last save were put back.' }))}>
          Revert
        </button>
      </div>
      {/* A change that can be undone keeps its Undo until the next save; otherwise the line says what is unsaved. */}
      {dirty && !status?.undo ? (
        <div role="status" className="status-line">
          Unsaved changes.
        </div>
      ) : (
        <StatusMessage status={dirty && status ? { ...status, text: `${status.text} Not saved yet.` } : status} onUndone={(text) => setStatus({ text })} />
      )}

      <CheckList
        issues={issues}
        accepted={draft.accepted}
        paragraphNumbers={new Map(paragraphs.map((p) => [p.id, p.number]))}
        onGoTo={(issue) => reveal(issue.paragraphId, (h) => h.showFinding(issue.id))}
      />
      <ExportPanel
        view={view}
        period={period}
        openFindings={openCount}
        author={draft.author}
        busy={busy}
        beforeExport={async () => (dirty ? save() : view)}
        onExported={(next, written) => (show(next), setStatus({ text: `Written to ${written.path}.` }))}
        onError={setError}
        setBusy={setBusy}
      />
      <div className="report-layout">
        <ReportContents
          paragraphs={paragraphs}
          kpiNames={kpiNames}
          states={states}
          figures={figuresBySection}
          collapsed={collapsed}
          onToggle={toggle}
          onGoToParagraph={(id) => reveal(id, (h) => h.focus())}
          onGoToFigures={(section) => {
            if (collapsed.has(section)) toggle(section);
            requestAnimationFrame(() => document.getElementById(`report-figures-${section}`)?.scrollIntoView({ block: 'start' }));
          }}
        />
        <div className="report-document">
          {view.changes && <ChangesPanel changes={view.changes} />}
          <p className="hint numbering-hint">
            Paragraphs are numbered as the report prints them, 1.1, 1.2 … in each section; KPI numbers appear in the tables only.
          </p>
          <article className="report-paper" aria-label="The report’s text">
            {SECTIONS.map((s) => (
              <ReportSection
                key={s.number}
                section={s}
                paragraphs={paragraphs.filter((p) => p.section === s.number)}
                open={!collapsed.has(s.number)}
                onToggle={() => toggle(s.number)}
                template={draft.template}
                onTemplate={(template) => change((d) => ({ ...d, template }))}
                dirty={dirty}
                kpis={kpis.data!}
                kpiNames={kpiNames}
                figures={figuresBySection.get(s.number)}
                figuresWaiting={figures.error ?? 'Drawing the table and charts…'}
                notices={notices}
                onInsertNotice={onInsertAnnotation}
                onLeaveOutNotice={onLeaveOutAnnotation}
                findingsOf={findingsOf}
                actions={{ generation, describe, searchFigures, onChange: onText, onAccept, onMove, onDelete, onRedraft: dirty ? null : onRedraft }}
                handleFor={handleFor}
                onAddParagraph={(kpiId) => addParagraph(s.number, kpiId)}
              />
            ))}
          </article>

          <GlossaryEditor glossary={draft.glossary} used={view.glossaryUsed} onChange={(glossary) => change((d) => ({ ...d, glossary }))} />
        </div>
      </div>
    </div>
  );
}
