import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { Api } from '../shared/api/contract';
import { formatDay } from '../shared/domain/format';
import { oneLine } from '../shared/domain/quote';
import { formatTextTable } from '../shared/domain/textTable';
import { checkExportTarget } from './backend/exportFiles';
import { call, kpiIdOf, printJson, requiredOption, stringOption, UsageError, type Io, type Values, COMMON } from './cliSupport';

/** The Panel's questions on the command line: the action log, recording one, answering it, and its brief. */

export const QUESTION_COMMANDS: Record<string, ParseArgsConfig['options']> = {
  questions: COMMON,
  question: { ...COMMON, meeting: { type: 'string' }, text: { type: 'string' }, member: { type: 'string' }, kpi: { type: 'string', multiple: true }, period: { type: 'string' } },
  brief: { ...COMMON, question: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
};

export const QUESTION_POSITIONALS: Record<string, { min: number; max: number; what: string }> = {
  question: { min: 1, max: 2, what: 'what to do: add, answer ID or reopen ID' },
};

export const QUESTION_USAGE = `  questions [--json]                    the Panel's questions, open and answered, with dates: its action log
  question add --meeting YYYY-MM-DD --text "..." [--member NAME] [--kpi KPI]... [--period P]
                                        record a question in the minutes' words, with the KPIs it is about
                                        (its figures are of --period, by default the last full quarter
                                        before the meeting)
  question answer ID --text "..."       answer it: a paragraph with live figures ({{kpi.current}}) as in
                                        the report, checked the same way; marks it answered
  question reopen ID                    mark an answered question open again
  brief --question ID --out FILE.docx|FILE.pdf [--force]
                                        the question and its answer on one page, with the marking and the
                                        office's template; refused while the check has findings
`;

const questionId = (text: string | undefined, what: string): number => {
  const id = Number(text?.replace(/^Q/i, ''));
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`${what} needs the question's number, e.g. 3 or Q3 (\`workbench questions\` lists them), not "${text ?? ''}".`);
  return id;
};

export async function runQuestionCommand(command: string, values: Values, positionals: string[], api: Api, io: Io): Promise<number> {
  if (command === 'questions') {
    const list = await call(api, 'questions.list', {});
    if (values.json) printJson(io, list);
    else if (!list.length) io.out('No Panel questions yet. `workbench question add --meeting YYYY-MM-DD --text "..."` records one.\n');
    else {
      io.out(
        formatTextTable(
          ['No.', 'Meeting', 'Asked by', 'Question', 'KPIs', 'Status'],
          list.map((q) => [q.label, q.meeting, q.member ?? '', oneLine(q.text, 60), q.kpiNames.join(', '), q.status === 'answered' ? `answered ${formatDay(q.answeredAt!)}` : 'open']),
        ),
      );
    }
    return 0;
  }
  if (command === 'brief') {
    const id = questionId(requiredOption(values, 'question', 'brief', '3'), 'brief --question');
    const out = requiredOption(values, 'out', 'brief', 'brief.docx');
    const format = path.extname(out).slice(1).toLowerCase();
    if (format !== 'docx' && format !== 'pdf') throw new UsageError(`--out must end .docx or .pdf, not "${out}".`);
    checkExportTarget(path.resolve(out), !!values.force);
    const written = await call(api, 'questions.brief', { id, format, path: out, replace: !!values.force });
    if (values.json) printJson(io, written);
    else io.out(`Wrote ${written.path}: the brief of Q${id}.\nSHA-256 ${written.sha256}.\n`);
    return 0;
  }
  const [action, idText] = positionals;
  if (action === 'add') {
    if (idText !== undefined) throw new UsageError('question add takes no number: the workbench numbers the question.');
    const kpis = (values.kpi as string[] | undefined) ?? [];
    const kpiIds = [];
    for (const k of kpis) kpiIds.push(await kpiIdOf(api, k));
    const q = await call(api, 'questions.add', {
      meeting: requiredOption(values, 'meeting', 'question add', '2019-09-10'),
      text: requiredOption(values, 'text', 'question add', '"how many of the additional drug offences related to Operation Lionheart"'),
      member: stringOption(values, 'member'),
      kpiIds,
      period: stringOption(values, 'period'),
    });
    if (values.json) printJson(io, q);
    else io.out(`Recorded ${q.label}, from the meeting of ${q.meeting}, about ${q.kpiNames.join(', ') || 'no KPI yet'} (${q.period}).\n`);
    return 0;
  }
  if (action === 'answer' || action === 'reopen') {
    const id = questionId(idText, `question ${action}`);
    const q =
      action === 'answer'
        ? await call(api, 'questions.update', { id, changes: { answer: requiredOption(values, 'text', 'question answer', '"{{drug-offences.current}} ..."'), answered: true } })
        : await call(api, 'questions.update', { id, changes: { answered: false } });
    if (values.json) printJson(io, q);
    else {
      io.out(action === 'answer' ? `${q.label} answered: ${q.rendered}\n` : `${q.label} is open again.\n`);
      for (const i of q.issues.filter((x) => !x.accepted)) io.err(`workbench: ${q.label}: ${i.message} (“${i.excerpt}”)\n`);
    }
    return 0;
  }
  throw new UsageError(`question needs what to do: add, answer ID or reopen ID, not "${action}".`);
}
