import { MIN_SEASONAL_TEST_MONTHS } from '../../shared/analysis/seasonal';
import { chanceWords } from '../../shared/analysis/sensitivity';
import type { Api } from '../../shared/api/contract';
import { WorkbenchError } from '../../shared/api/errors';
import { VERDICT_RULES } from '../../shared/analysis/verdict';
import { annotationApplies, ANNOTATION_CATEGORIES } from '../../shared/domain/annotation';
import { formatMonth, formatPeriod, formatPeriodLong, monthKey, parseMonthKey, samePeriodLastYear, type Period } from '../../shared/domain/periods';
import { annotationHistory, createAnnotation, getAnnotation, listAnnotations, setAnnotationDeleted, updateAnnotation } from '../../db/annotations';
import { deleteReview, listReviews, saveReview } from '../../db/anomalyReviews';
import { setSpcBaseline, setSpcBreaks, spcBaseline, spcBreaks } from '../../db/analysisSettings';
import { saveStepDecision } from '../../db/stepDecisions';
import { breakdownKeyOf, defaultPeriod, findKpi, kpiIndex, readPeriod } from './figures';
import { analysisContext } from './analysis';
import { judgedCount, judgedSeries, levelsAround, periodEvents, periodSteps, rowVerdict, seriesEvents, sparkOf, verdictOf } from './verdicts';
import { buildKpiTable } from '../../shared/domain/kpiTable';
import { SECTIONS } from '../../shared/domain/kpi';
import { currentAuthor } from './author';
import type { Session } from './session';
import type { Workspace } from './workspace';

type AnalysisMethods = Pick<
  Api,
  | 'anomalies.list'
  | 'anomalies.explain'
  | 'anomalies.dismiss'
  | 'anomalies.reopen'
  | 'annotations.list'
  | 'annotations.create'
  | 'annotations.update'
  | 'annotations.delete'
  | 'annotations.restore'
  | 'annotations.history'
  | 'series.spc'
  | 'spc.configure'
  | 'steps.list'
  | 'steps.accept'
  | 'steps.dismiss'
  | 'dashboard.summary'
>;

function checkKpis(workspace: Workspace, ids: readonly string[]): void {
  const { byId } = kpiIndex(workspace);
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length) throw new WorkbenchError('not_found', `There is no KPI ${unknown.map((id) => `"${id}"`).join(', ')}. \`workbench kpis\` lists them.`);
}

function annotationOrThrow(workspace: Workspace, id: number) {
  const annotation = getAnnotation(workspace.db, id);
  if (!annotation) throw new WorkbenchError('not_found', `There is no annotation ${id}.`);
  return annotation;
}

function periodOrDefault(workspace: Workspace, text: string | undefined): Period {
  const period = text ? readPeriod(text) : defaultPeriod(workspace);
  if (!period) throw new WorkbenchError('not_found', 'This workspace has no figures yet: import the force’s spreadsheets first.');
  return period;
}

/** The levels either side of a step at `at`: the proposal's own when it is there, else measured around it. */
function stepLevels(workspace: Workspace, kpi: ReturnType<typeof findKpi>, at: number) {
  const context = analysisContext(workspace, periodOrDefault(workspace, undefined));
  const proposed = context.step(kpi);
  return proposed && proposed.month === at ? proposed : levelsAround(context, kpi, at);
}

export function createAnalysisApi(session: Session): AnalysisMethods {
  return {
    'anomalies.list': ({ period: text }) => {
      const workspace = session.current();
      const context = analysisContext(workspace, periodOrDefault(workspace, text));
      const notJudged = [];
      let judged = 0;
      for (const { kpi, key } of judgedSeries(context)) {
        const verdict = context.verdict(kpi, key);
        if (verdict.judged) judged++;
        else if (verdict.reasonCode !== 'no_figures') notJudged.push({ kpiId: kpi.id, name: kpi.name, breakdown: key.dimension || null, category: key.category || null, reason: verdict.reason });
      }
      return {
        period: formatPeriod(context.period),
        periodLong: formatPeriodLong(context.period),
        months: context.months.map(monthKey),
        sensitivity: context.sensitivity,
        judged,
        chance: chanceWords(judged, context.months.length, context.sensitivity),
        events: periodEvents(context),
        steps: periodSteps(context).filter((s) => s.status === 'proposed'),
        notJudged,
      };
    },

    'anomalies.explain': ({ figure, rule, annotation: fields, annotationId }) => {
      const workspace = session.current();
      checkKpis(workspace, [figure.kpiId]);
      if (!fields === !annotationId) throw new WorkbenchError('bad_arguments', 'Explain a figure with a new annotation or an existing one (one of the two).');
      const author = currentAuthor(workspace);
      const annotation = workspace.db.transaction(() => {
        const written = fields
          ? (checkKpis(workspace, fields.kpiIds), createAnnotation(workspace.db, fields, author))
          : annotationOrThrow(workspace, annotationId!);
        for (const month of monthsOf(figure)) saveReview(workspace.db, { ...figure, month, status: 'explained', rule, reason: '', annotationId: written.id, author, reviewedAt: new Date().toISOString() });
        return written;
      })();
      return { annotation };
    },

    'anomalies.dismiss': ({ figure, rule, reason }) => {
      const workspace = session.current();
      checkKpis(workspace, [figure.kpiId]);
      const reviewedAt = new Date().toISOString();
      workspace.db.transaction(() => {
        for (const month of monthsOf(figure)) saveReview(workspace.db, { ...figure, month, status: 'dismissed', rule, reason, annotationId: null, author: currentAuthor(workspace), reviewedAt });
      })();
      return { dismissed: true as const };
    },

    'anomalies.reopen': ({ figure }) => {
      const { db } = session.current();
      const reopened = db.transaction(() => monthsOf(figure).map((month) => deleteReview(db, { ...figure, month })).some(Boolean))();
      return { reopened };
    },

    'annotations.list': (query) => listAnnotations(session.current().db, query),
    'annotations.create': (fields) => {
      const workspace = session.current();
      checkKpis(workspace, fields.kpiIds);
      return createAnnotation(workspace.db, fields, currentAuthor(workspace));
    },
    'annotations.update': ({ id, fields }) => {
      const workspace = session.current();
      annotationOrThrow(workspace, id);
      checkKpis(workspace, fields.kpiIds);
      return updateAnnotation(workspace.db, id, fields, currentAuthor(workspace));
    },
    'annotations.delete': ({ id }) => {
      const workspace = session.current();
      annotationOrThrow(workspace, id);
      return setAnnotationDeleted(workspace.db, id, true, currentAuthor(workspace));
    },
    'annotations.restore': ({ id }) => {
      const workspace = session.current();
      annotationOrThrow(workspace, id);
      return setAnnotationDeleted(workspace.db, id, false, currentAuthor(workspace));
    },
    'annotations.history': ({ id }) => {
      const workspace = session.current();
      annotationOrThrow(workspace, id);
      return annotationHistory(workspace.db, id);
    },

    'series.spc': (args) => {
      const workspace = session.current();
      const kpi = findKpi(workspace, args.kpiId);
      const key = breakdownKeyOf(args);
      const context = analysisContext(workspace, periodOrDefault(workspace, args.period));
      const verdict = context.verdict(kpi, key);
      const steps = periodSteps(context, kpi.id);
      const first = context.months[0];
      const from = verdict.points.length ? monthKey(verdict.points[0].month) : '0000-01';
      const to = verdict.points.length ? monthKey(verdict.points[verdict.points.length - 1].month) : '0000-01';
      return {
        kpi,
        breakdown: key.dimension || null,
        category: key.category || null,
        period: formatPeriod(context.period),
        periodLong: formatPeriodLong(context.period),
        sensitivity: context.sensitivity,
        points: verdict.points.map((p) => ({
          month: monthKey(p.month),
          value: p.value,
          centre: p.centre,
          lower: p.lower,
          upper: p.upper,
          variation: p.variation,
          rules: p.rules,
          inPeriod: p.month >= first,
        })),
        segments: verdict.segments.map((s) => ({ ...s, from: monthKey(s.from), to: monthKey(s.to) })),
        verdict: rowVerdict(verdict),
        notes: chartNotes(verdict, steps, kpi.name),
        breaks: spcBreaks(workspace.db, kpi.id),
        baselinePoints: spcBaseline(workspace.db, kpi.id) ?? null,
        seasonal: verdict.seasonal,
        standard: kpi.standard?.text ?? null,
        steps,
        events: seriesEvents(context, kpi, key, listReviews(workspace.db)),
        annotations: listAnnotations(workspace.db, { kpiId: kpi.id }).filter((a) => annotationApplies(a, kpi.id, from, to)),
      };
    },

    'spc.configure': ({ kpiId, breaks, baselinePoints }) => {
      const workspace = session.current();
      findKpi(workspace, kpiId);
      workspace.db.transaction(() => {
        setSpcBreaks(workspace.db, kpiId, breaks);
        setSpcBaseline(workspace.db, kpiId, baselinePoints);
      })();
      return { breaks: spcBreaks(workspace.db, kpiId), baselinePoints: spcBaseline(workspace.db, kpiId) ?? null };
    },

    'dashboard.summary': ({ period: text }) => {
      const workspace = session.current();
      const period = periodOrDefault(workspace, text);
      const context = analysisContext(workspace, period);
      const rows = buildKpiTable({ period, kpis: context.kpis, context: context.figures, verdictOf: verdictOf(context), includeBreakdowns: false }).filter((r) => r.current !== null);
      const sections = SECTIONS.map(({ number, title }) => {
        const counts = { special_improving: 0, special_concerning: 0, special_neither: 0, common_cause: 0, not_judged: 0, failing: 0 };
        for (const row of rows.filter((r) => r.section === number)) {
          counts[row.verdict.variation ?? 'not_judged']++;
          if (row.verdict.assurance === 'fails' || row.verdict.assurance === 'hit_and_miss') counts.failing++;
        }
        return { number, title, counts };
      });
      const events = periodEvents(context);
      const judged = judgedCount(context);
      return {
        period: formatPeriod(period),
        periodLong: formatPeriodLong(period),
        previousPeriod: formatPeriod(samePeriodLastYear(period)),
        sensitivity: context.sensitivity,
        sections,
        inbox: { events: events.filter((e) => !e.review).length, steps: periodSteps(context).filter((s) => s.status === 'proposed').length },
        judged,
        chance: chanceWords(judged, context.months.length, context.sensitivity),
        cards: rows.map((row) => ({
          kpiId: row.kpiId,
          number: row.number,
          name: row.name,
          section: row.section,
          current: row.display.current,
          previous: row.display.previous,
          change: row.display.change,
          changePercent: row.display.changePercent,
          words: row.words,
          variation: row.verdict.variation,
          side: row.verdict.side,
          assurance: row.verdict.assurance,
          notJudged: row.verdict.notJudged,
          unit: row.unit,
          spark: sparkOf(context, context.byId.get(row.kpiId)!),
        })),
      };
    },

    'steps.list': ({ kpiId, period }) => {
      const workspace = session.current();
      if (kpiId) findKpi(workspace, kpiId);
      return periodSteps(analysisContext(workspace, periodOrDefault(workspace, period)), kpiId);
    },

    'steps.accept': ({ kpiId, month, category, text }) => {
      const workspace = session.current();
      const kpi = findKpi(workspace, kpiId);
      const at = parseMonthKey(month);
      const levels = stepLevels(workspace, kpi, at);
      if (!levels) throw new WorkbenchError('bad_arguments', `${kpi.name} has no figures on both sides of ${formatMonth(at)}, so there is no step to accept there.`);
      const author = currentAuthor(workspace);
      workspace.db.transaction(() => {
        const annotation = createAnnotation(
          workspace.db,
          { scope: 'kpis', kpiIds: [kpi.id], from: month, to: month, category, text: text || `Step change in ${kpi.name} from ${formatMonth(at)}: ${ANNOTATION_CATEGORIES[category].toLowerCase()}.` },
          author,
        );
        setSpcBreaks(workspace.db, kpi.id, [...spcBreaks(workspace.db, kpi.id), month]);
        saveStepDecision(workspace.db, { kpiId: kpi.id, month, status: 'accepted', before: levels.before, after: levels.after, reason: text, annotationId: annotation.id, author, decidedAt: new Date().toISOString() });
      })();
      return stepOrThrow(workspace, kpi.id, month);
    },

    'steps.dismiss': ({ kpiId, month, reason }) => {
      const workspace = session.current();
      const kpi = findKpi(workspace, kpiId);
      const at = parseMonthKey(month);
      const levels = stepLevels(workspace, kpi, at);
      if (!levels) throw new WorkbenchError('bad_arguments', `${kpi.name} has no step proposed at ${formatMonth(at)}.`);
      saveStepDecision(workspace.db, { kpiId: kpi.id, month, status: 'dismissed', before: levels.before, after: levels.after, reason, annotationId: null, author: currentAuthor(workspace), decidedAt: new Date().toISOString() });
      return stepOrThrow(workspace, kpi.id, month);
    },
  };

  function stepOrThrow(workspace: Workspace, kpiId: string, month: string) {
    const step = periodSteps(analysisContext(workspace, periodOrDefault(workspace, undefined)), kpiId).find((s) => s.month === month && s.status !== 'proposed');
    if (!step) throw new WorkbenchError('internal', 'The step change was not recorded.');
    return step;
  }
}

/** The months a review covers: one month, or each month of an event. */
function monthsOf(figure: { month: string; to?: string }): string[] {
  const from = parseMonthKey(figure.month);
  const to = parseMonthKey(figure.to ?? figure.month);
  return Array.from({ length: to - from + 1 }, (_, i) => monthKey(from + i));
}

/** One sentence per thing the chart's reader should know, with the fix where there is one. */
function chartNotes(verdict: ReturnType<ReturnType<typeof analysisContext>['verdict']>, steps: ReturnType<typeof periodSteps>, name: string): string[] {
  const notes: string[] = [];
  if (!verdict.judged) notes.push(`Not judged: ${verdict.reason}.`);
  if (verdict.seasonal?.seasonal) notes.push(`${name} is seasonal (its months differ more than chance would make them; seasonal strength ${verdict.seasonal.strength.toFixed(2)}): it is judged on seasonally adjusted figures, so its limits rise and fall with the season.`);
  else if (verdict.judged && !verdict.seasonal) notes.push(`Seasonality could not yet be judged: ${name} has fewer than ${MIN_SEASONAL_TEST_MONTHS} unbroken months, so it is judged on its figures as they are.`);
  if (verdict.judged && verdict.sensitivity === 'conservative') notes.push(`Conservative sensitivity: a month is a special cause only when it lies beyond ${VERDICT_RULES.beyond_usual_range.detail}.`);
  const proposed = steps.find((s) => s.status === 'proposed');
  if (proposed) {
    const month = formatMonth(parseMonthKey(proposed.month));
    const spanned = verdict.segments.some((s) => s.from < parseMonthKey(proposed.month));
    notes.push(
      spanned
        ? `The level appears to have changed from ${month} (${proposed.display.before} to ${proposed.display.after}): while the limits span both levels, months on either side show as special causes. Accept the step change to judge the months since against the new level, or dismiss it.`
        : `The level appears to have changed from ${month} (${proposed.display.before} to ${proposed.display.after}). This period's limits come from after it, so it does not change this verdict; accept it to record why (later limits will never reach back across it), or dismiss it.`,
    );
  }
  return notes;
}
