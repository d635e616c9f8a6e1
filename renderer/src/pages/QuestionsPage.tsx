import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useCommandKeys } from '../keyboard';
import type { Kpi } from '../../../shared/domain/kpi';
import { formatDay } from '../../../shared/domain/format';
import { rowLookup } from '../../../shared/report/fields';
import { checkReportText } from '../../../shared/report/numberCheck';
import type { QuestionDto } from '../../../shared/questions/questionSchemas';
import { api } from '../api';
import { useApi } from '../useApi';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExportedFile } from '../components/ExportedFile';
import { TrendFigure } from '../components/TrendFigure';
import { StatusMessage, type Status } from '../components/StatusMessage';
import { ParagraphEditor, type ParagraphHandle } from '../report/ParagraphEditor';
import type { Finding } from '../report/checkMarks';
import { describeFigure, figureItems } from '../report/figureItems';
import { errorText } from '../errorText';
import { ComparisonCells } from '../components/ComparisonCells';
import { TableHead } from '../components/TableHead';

/** A meeting date as the Panel's minutes give it: "10 September 2019". */
const meetingDay = (day: string) => formatDay(`${day}T12:00:00Z`);

/**
 * The Panel's follow-up questions, as the minutes record them: the action log (open and answered, with
 * dates), a form to record one, and for the question chosen its figures, its chart and its answer, written in
 * the report's editor with the same number check and exported as a one-page brief.
 */
export function QuestionsPage() {
  const [version, setVersion] = useState(0);
  const questions = useApi('questions.list', {}, [version]);
  const kpis = useApi('kpis.list', {}, []);
  const [selected, setSelected] = useState<number>();
  const [status, setStatus] = useState<Status>();
  const reload = () => setVersion((v) => v + 1);
  const chosen = questions.data?.find((q) => q.id === selected);
  const open = questions.data?.filter((q) => q.status === 'open').length ?? 0;

  const remove = async (q: QuestionDto) => {
    await api.call('questions.delete', { id: q.id });
    if (selected === q.id) setSelected(undefined);
    reload();
    setStatus({
      text: `${q.label} deleted.`,
      undo: async () => {
        await api.call('questions.restore', { id: q.id });
        reload();
      },
    });
  };

  return (
    <div className="questions-page">
      <h1 tabIndex={-1}>Panel questions</h1>
      <p className="hint">The Panel’s follow-up questions as the minutes record them, and their answers: the Panel’s action log. Each answer is written with live figures, checked as the report is, and exported as a one-page brief.</p>
      <StatusMessage status={status} onUndone={(text) => setStatus({ text })} />
      {questions.error && <ErrorMessage message={questions.error} />}
      {questions.data && (
        <section aria-labelledby="action-log">
          <h2 id="action-log">
            Action log ({questions.data.length} question{questions.data.length === 1 ? '' : 's'}, {open} open)
          </h2>
          {questions.data.length === 0 ? (
            <p>No questions yet. Record one below from the minutes of a meeting.</p>
          ) : (
            <table className="action-log">
              <caption className="visually-hidden">The Panel’s questions, by meeting</caption>
              <TableHead columns={['No.', 'Meeting', 'Asked by', 'Question', 'KPIs', 'Status', <span className="visually-hidden">Actions</span>]} />
              <tbody>
                {questions.data.map((q) => (
                  <tr key={q.id} aria-current={q.id === selected ? 'true' : undefined}>
                    <th scope="row">{q.label}</th>
                    <td>{meetingDay(q.meeting)}</td>
                    <td>{q.member ?? '—'}</td>
                    <td className="question-text">{q.text}</td>
                    <td>{q.kpiNames.join(', ') || '—'}</td>
                    <td>{q.status === 'answered' ? `Answered ${formatDay(q.answeredAt!)}` : 'Open'}</td>
                    <td className="row-actions">
                      <button type="button" onClick={() => setSelected(q.id)} aria-label={`${q.status === 'answered' ? 'Open' : 'Answer'} ${q.label}`}>
                        {q.status === 'answered' ? 'Open' : 'Answer'}
                      </button>
                      <button type="button" onClick={() => void remove(q)} aria-label={`Delete ${q.label}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {kpis.data && (
        <RecordQuestion
          kpis={kpis.data}
          onRecorded={(q) => {
            reload();
            setSelected(q.id);
            setStatus({ text: `${q.label} recorded: answer it below.` });
          }}
        />
      )}
      {chosen && kpis.data && <QuestionAnswer key={chosen.id} question={chosen} kpis={kpis.data} onChanged={reload} />}
    </div>
  );
}

function RecordQuestion({ kpis, onRecorded }: { kpis: Kpi[]; onRecorded: (q: QuestionDto) => void }) {
  const [meeting, setMeeting] = useState('');
  const [member, setMember] = useState('');
  const [text, setText] = useState('');
  const [kpiIds, setKpiIds] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const names = new Map(kpis.map((k) => [k.id, `${k.number} ${k.name}`]));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const q = await api.call('questions.add', { meeting, member: member.trim() || undefined, text, kpiIds });
      setError(undefined);
      setMeeting('');
      setMember('');
      setText('');
      setKpiIds([]);
      onRecorded(q);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section aria-labelledby="record-question">
      <h2 id="record-question">Record a question</h2>
      <form className="question-form" onSubmit={submit}>
        <label>
          Meeting
          <input type="date" value={meeting} onChange={(e) => setMeeting(e.target.value)} required />
        </label>
        <label>
          Asked by <span className="hint">(if the minutes say)</span>
          <input value={member} onChange={(e) => setMember(e.target.value)} autoComplete="off" />
        </label>
        <label className="wide">
          The words of the minutes
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} required />
        </label>
        <label>
          About
          <select value="" onChange={(e) => e.target.value && setKpiIds((ids) => (ids.includes(e.target.value) ? ids : [...ids, e.target.value]))}>
            <option value="">Add a KPI…</option>
            {kpis.map((k) => (
              <option key={k.id} value={k.id}>
                {k.number} {k.name}
              </option>
            ))}
          </select>
        </label>
        {kpiIds.length > 0 && (
          <ul className="chosen-kpis" aria-label="KPIs the question is about">
            {kpiIds.map((id) => (
              <li key={id}>
                {names.get(id)}{' '}
                <button type="button" onClick={() => setKpiIds((ids) => ids.filter((x) => x !== id))} aria-label={`Remove ${names.get(id)}`}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <p className="hint wide">Its figures are of the last full quarter before the meeting.</p>
        {error && <ErrorMessage message={error} />}
        <div className="form-actions wide">
          <button type="submit" className="primary">
            Record the question
          </button>
        </div>
      </form>
    </section>
  );
}

const NO_FINDINGS: readonly Finding[] = [];

function QuestionAnswer({ question, kpis, onChanged }: { question: QuestionDto; kpis: Kpi[]; onChanged: () => void }) {
  const table = useApi('table.get', { period: question.period, scope: 'all' }, [question.period]);
  const firstKpi = question.kpiIds[0];
  const [answer, setAnswer] = useState(question.answer);
  const [accepted, setAccepted] = useState(new Map(question.issues.filter((i) => i.accepted).map((i) => [i.id, i.acceptedReason ?? ''])));
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<Status>();
  const [written, setWritten] = useState<{ id: number; fileName: string }>();
  const heading = useRef<HTMLHeadingElement>(null);
  const handle = useRef<ParagraphHandle>(null);
  useEffect(() => heading.current?.focus(), []);

  const rows = table.data?.rows;
  const lookup = useMemo(() => rowLookup(rows ?? []), [rows]);
  const kpi = kpis.find((k) => k.id === firstKpi);
  const paragraph = useMemo(() => ({ id: `question-${question.id}`, section: kpi?.section ?? 1, kpiId: kpi?.id ?? null, text: answer, number: question.label }), [question.id, question.label, kpi, answer]);
  // The check as the brief's export runs it, on the answer as it stands.
  const findings = useMemo((): readonly Finding[] => {
    if (!rows) return NO_FINDINGS;
    return checkReportText([paragraph], rows, kpis).map((i) => ({ ...i, paragraphNumber: 'answer', accepted: accepted.has(i.id), acceptedReason: accepted.get(i.id) ?? null }));
  }, [paragraph, rows, kpis, accepted]);
  const openFindings = findings.filter((f) => !f.accepted).length;
  const describe = useCallback((source: string) => describeFigure(source, lookup, question.period), [lookup, question.period]);
  const searchFigures = useCallback((query: string, ownKpi: string | null) => figureItems(rows ?? [], lookup, query, ownKpi), [rows, lookup]);
  const onText = useCallback((_: string, text: string) => (setAnswer(text), setDirty(true)), []);
  const onAccept = useCallback((id: string, reason: string | null) => {
    setAccepted((a) => {
      const next = new Map(a);
      if (reason === null) next.delete(id);
      else next.set(id, reason);
      return next;
    });
    setDirty(true);
  }, []);

  const save = async (changes: { answered?: boolean } = {}) => {
    try {
      const saved = await api.call('questions.update', {
        id: question.id,
        changes: { answer, accepted: findings.filter((f) => f.accepted).map((f) => ({ id: f.id, reason: f.acceptedReason || 'accepted as written' })), ...changes },
      });
      setDirty(false);
      setError(undefined);
      onChanged();
      return saved;
    } catch (err) {
      setError(errorText(err));
      return undefined;
    }
  };
  const exportBrief = async (format: 'docx' | 'pdf') => {
    if (dirty && !(await save())) return;
    try {
      const result = await api.call('questions.brief', { id: question.id, format });
      setError(undefined);
      setWritten({ id: result.briefId, fileName: result.path.split(/[\\/]/).pop()! });
      setStatus({ text: `Written to ${result.path}.` });
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  useCommandKeys({ 'Mod+S': () => dirty && void save().then((saved) => saved && setStatus({ text: 'Answer saved.' })) });

  const ownRows = (rows ?? []).filter((r) => question.kpiIds.includes(r.kpiId));
  return (
    <section className="question-answer" aria-labelledby="question-heading">
      <h2 id="question-heading" ref={heading} tabIndex={-1}>
        {question.label}: from the meeting of {meetingDay(question.meeting)}
      </h2>
      <blockquote className="minutes">
        <p>{question.text}</p>
        <footer>{question.member ?? 'A member of the Panel'}</footer>
      </blockquote>
      <p>
        Figures of {question.period}. {question.status === 'answered' ? `Answered by ${question.answeredBy} on ${formatDay(question.answeredAt!)}.` : 'Open.'}
      </p>
      {ownRows.length > 0 && (
        <table className="question-figures">
          <caption>The question’s figures: {question.period} against the same period a year earlier</caption>
          <TableHead columns={['KPI', 'This period', 'A year earlier', 'Change', '% change']} />
          <tbody>
            {ownRows.map((r) => (
              <tr key={`${r.kpiId}-${r.breakdown}-${r.category}`} className={r.breakdown ? 'breakdown' : undefined}>
                <th scope="row">{r.breakdown ? `${r.breakdown}: ${r.category}` : `${r.number} ${r.name}`}</th>
                <ComparisonCells row={r} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {kpi && <TrendFigure kpiId={kpi.id} title={`${kpi.number} ${kpi.name}`} period={question.period} />}
      <h3>The answer</h3>
      {rows ? (
        <ParagraphEditor
          paragraph={paragraph}
          generation={0}
          kpiName={kpi?.name ?? null}
          label={`The answer to ${question.label}`}
          findings={findings}
          describe={describe}
          searchFigures={searchFigures}
          first
          last
          onChange={onText}
          onAccept={onAccept}
          onRedraft={null}
          handle={handle}
        />
      ) : (
        <p className="hint">{table.error ?? 'Reading the figures…'}</p>
      )}
      {openFindings > 0 && <p className="hint">The check lists {openFindings} thing{openFindings === 1 ? '' : 's'} to look at in the answer; the brief waits for them.</p>}
      {error && <ErrorMessage message={error} />}
      <div className="form-actions">
        <button type="button" className="primary" aria-disabled={!dirty} onClick={() => dirty && void save().then((s) => s && setStatus({ text: 'Answer saved.' }))}>
          Save the answer <span className="shortcut">(Ctrl+S)</span>
        </button>
        {question.status === 'open' ? (
          <button type="button" onClick={() => void save({ answered: true }).then((s) => s && setStatus({ text: `${s.label} marked answered.`, undo: async () => void (await api.call('questions.update', { id: s.id, changes: { answered: false } }), onChanged()) }))}>
            Mark answered
          </button>
        ) : (
          <button type="button" onClick={() => void save({ answered: false }).then((s) => s && setStatus({ text: `${s.label} is open again.` }))}>
            Reopen
          </button>
        )}
        <button type="button" onClick={() => void exportBrief('docx')}>
          Brief (.docx)
        </button>
        <button type="button" onClick={() => void exportBrief('pdf')}>
          Brief (.pdf)
        </button>
      </div>
      <StatusMessage status={status} onUndone={(text) => setStatus({ text })} />
      {written && (
        <p data-testid="brief-written">
          {written.fileName} <ExportedFile kind="brief" id={written.id} fileName={written.fileName} exists />
        </p>
      )}
      {question.briefs.length > 0 && (
        <p className="hint">
          Briefs written: {question.briefs.map((b) => `${b.fileName} (${formatDay(b.createdAt)})`).join('; ')}.
        </p>
      )}
    </section>
  );
}
