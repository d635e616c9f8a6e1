import type { Api } from '../../shared/api/contract';
import type { Anomaly } from '../../shared/api/analysisSchemas';
import { WorkbenchError } from '../../shared/api/errors';
import { FLAG_RULES, type FlagRule } from '../../shared/analysis/anomalies';
import { capability, xmrChart } from '../../shared/analysis/spc';
import { seasonalPattern } from '../../shared/analysis/seasonal';
import { annotationApplies } from '../../shared/domain/annotation';
import { formatChange, formatPercentChange, formatValue, roundForDisplay } from '../../shared/domain/format';
import { compareFigures } from '../../shared/domain/kpiTable';
import { formatPeriod, formatPeriodLong, monthKey, parseMonthKey, periodMonths } from '../../shared/domain/periods';
import { annotationHistory, createAnnotation, getAnnotation, listAnnotations, setAnnotationDeleted, updateAnnotation } from '../../db/annotations';
import { deleteReview, listReviews, reviewKey, saveReview } from '../../db/anomalyReviews';
import { setSpcBaseline, setSpcBreaks, spcBaseline, spcBreaks } from '../../db/analysisSettings';
import { monthlyRange } from '../../db/observations';
import { breakdownKeyOf, defaultPeriod, findKpi, kpiIndex, readPeriod } from './figures';
import { kpiContext, monthlyValues, scanPeriod } from './analysis';
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

function periodOrDefault(workspace: Workspace, text: string | undefined) {
  const period = text ? readPeriod(text) : defaultPeriod(workspace);
  if (!period) throw new WorkbenchError('not_found', 'This workspace has no figures yet: import the force’s spreadsheets first.');
  return period;
}

export function createAnalysisApi(session: Session): AnalysisMethods {
  return {
    'anomalies.list': ({ period: text }) => {
      const workspace = session.current();
      const period = periodOrDefault(workspace, text);
      const scan = scanPeriod(workspace, period);
      const reviews = listReviews(workspace.db);
      const anomalies: Anomaly[] = scan.found.map(({ kpi, dimension, category, flag, method }) => {
        const month = monthKey(flag.month);
        // Expected values are estimates; shown at the KPI's own precision, the difference is taken between what is shown.
        const expected = kpi.unit === 'count' ? Math.round(flag.expected) : roundForDisplay(flag.expected, kpi.unit);
        const { change, changePercent } = compareFigures(roundForDisplay(flag.value, kpi.unit), expected, kpi.unit);
        const review = reviews.get(reviewKey({ kpiId: kpi.id, dimension, category, month }));
        return {
          kpiId: kpi.id,
          number: kpi.number,
          name: kpi.name,
          unit: kpi.unit,
          breakdown: dimension || null,
          category: category || null,
          month,
          rule: flag.rule,
          ruleName: FLAG_RULES[flag.rule].name,
          rules: flag.rules,
          method,
          side: flag.side,
          value: flag.value,
          expected: flag.expected,
          size: flag.size,
          direction: flag.variation,
          display: {
            value: formatValue(flag.value, kpi.unit),
            expected: formatValue(expected, kpi.unit),
            difference: formatChange(change, kpi.unit),
            percent: formatPercentChange(changePercent),
          },
          review: review ? { status: review.status, reason: review.reason, annotationId: review.annotationId, author: review.author, reviewedAt: review.reviewedAt } : null,
        };
      });
      return {
        period: formatPeriod(period),
        periodLong: formatPeriodLong(period),
        months: periodMonths(period).map(monthKey),
        judged: scan.judged,
        anomalies,
        notJudged: scan.notJudged.map((n) => ({ kpiId: n.kpi.id, name: n.kpi.name, breakdown: n.dimension || null, category: n.category || null, reason: n.reason })),
      };
    },

    'anomalies.explain': ({ figure, rule, annotation: fields, annotationId }) => {
      const workspace = session.current();
      checkKpis(workspace, [figure.kpiId]);
      if (!fields === !annotationId) throw new WorkbenchError('bad_arguments', 'Explain a figure with a new annotation or an existing one (one of the two).');
      const author = currentAuthor();
      const annotation = workspace.db.transaction(() => {
        const written = fields
          ? (checkKpis(workspace, fields.kpiIds), createAnnotation(workspace.db, fields, author))
          : annotationOrThrow(workspace, annotationId!);
        saveReview(workspace.db, { ...figure, status: 'explained', rule, reason: '', annotationId: written.id, author, reviewedAt: new Date().toISOString() });
        return written;
      })();
      return { annotation };
    },

    'anomalies.dismiss': ({ figure, rule, reason }) => {
      const workspace = session.current();
      checkKpis(workspace, [figure.kpiId]);
      saveReview(workspace.db, { ...figure, status: 'dismissed', rule, reason, annotationId: null, author: currentAuthor(), reviewedAt: new Date().toISOString() });
      return { dismissed: true as const };
    },

    'anomalies.reopen': ({ figure }) => ({ reopened: deleteReview(session.current().db, figure) }),

    'annotations.list': (query) => listAnnotations(session.current().db, query),
    'annotations.create': (fields) => {
      const workspace = session.current();
      checkKpis(workspace, fields.kpiIds);
      return createAnnotation(workspace.db, fields, currentAuthor());
    },
    'annotations.update': ({ id, fields }) => {
      const workspace = session.current();
      annotationOrThrow(workspace, id);
      checkKpis(workspace, fields.kpiIds);
      return updateAnnotation(workspace.db, id, fields, currentAuthor());
    },
    'annotations.delete': ({ id }) => {
      const workspace = session.current();
      annotationOrThrow(workspace, id);
      return setAnnotationDeleted(workspace.db, id, true, currentAuthor());
    },
    'annotations.restore': ({ id }) => {
      const workspace = session.current();
      annotationOrThrow(workspace, id);
      return setAnnotationDeleted(workspace.db, id, false, currentAuthor());
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
      const { first, last } = monthlyRange(workspace.db);
      const points = first && last ? monthlyValues(kpi, key, parseMonthKey(first), parseMonthKey(last), kpiContext(workspace, kpi)) : [];
      const breaks = spcBreaks(workspace.db, kpi.id);
      const baselinePoints = spcBaseline(workspace.db, kpi.id);
      const chart = xmrChart(
        points.map((p) => p.value),
        kpi.direction,
        { breaks: breaks.map((b) => points.findIndex((p) => p.month >= parseMonthKey(b))).filter((i) => i > 0), baselinePoints },
      );
      const latest = chart.segments[chart.segments.length - 1];
      const pattern = seasonalPattern(points.map((p) => p.value));
      const from = points.length ? monthKey(points[0].month) : '0000-01';
      const to = points.length ? monthKey(points[points.length - 1].month) : '0000-01';
      return {
        kpi,
        breakdown: key.dimension || null,
        category: key.category || null,
        points: chart.points.map((p) => ({
          month: monthKey(points[p.index].month),
          value: p.value,
          rules: [...new Set<FlagRule>(p.signals.map((s) => s.rule))],
          variation: p.variation,
        })),
        segments: chart.segments.map((s) => ({
          from: monthKey(points[s.start].month),
          to: monthKey(points[s.end].month),
          mean: s.limits.mean,
          upper: s.limits.upper,
          lower: s.limits.lower,
          baselinePoints: s.limits.baselinePoints,
          provisional: s.limits.provisional,
        })),
        breaks,
        baselinePoints: baselinePoints ?? null,
        seasonal: pattern ? { strength: pattern.strength, seasonal: pattern.seasonal } : null,
        capability: kpi.standard && latest ? { standard: kpi.standard.text, verdict: capability(latest.limits, kpi.standard) } : null,
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
  };
}

