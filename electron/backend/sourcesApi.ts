import type { Api } from '../../shared/api/contract';
import type { KpiSources, Reconciliation } from '../../shared/api/sourceSchemas';
import { WorkbenchError } from '../../shared/api/errors';
import { formatPeriod, periodMonths, monthKey } from '../../shared/domain/periods';
import { aggregate, HEADLINE } from '../../shared/domain/series';
import { FORCE_SOURCE, HOME_OFFICE, parseSourceLabel, sourceLabel, sourceName } from '../../shared/domain/sources';
import type { Kpi } from '../../shared/domain/kpi';
import type { Period } from '../../shared/domain/periods';
import { forceInTables, PEER_KPI } from './peersApi';
import { formatChange, formatPercentChange, formatValue } from '../../shared/domain/format';
import { reconciliationNoteKey, reconciliationNotes, setReconciliationNote } from '../../db/reconciliationNotes';
import { chooseReportingSource, monthlyFiguresBySource, reportingSourceChoice, reportingSources, sourcesOfKpi } from '../../db/observations';
import { currentAuthor } from './author';
import { defaultPeriod, findKpi, kpiIndex, readPeriod, seriesFromRows } from './figures';
import type { Session } from './session';
import type { Workspace } from './workspace';

type SourceMethods = Pick<Api, 'kpis.sources' | 'kpis.setSource' | 'figures.reconcile' | 'figures.noteReconciliation'>;

function kpiSources(workspace: Workspace, kpiId: string): KpiSources {
  const kpi = findKpi(workspace, kpiId);
  const reporting = reportingSources(workspace.db).get(kpi.id) ?? null;
  const choice = reportingSourceChoice(workspace.db, kpi.id);
  return {
    kpiId: kpi.id,
    name: kpi.name,
    reporting: reporting === null ? null : sourceLabel(reporting),
    reportingName: reporting === null ? null : sourceName(reporting),
    sources: sourcesOfKpi(workspace.db, kpi.id).map((s) => ({ source: sourceLabel(s.source), name: sourceName(s.source), figures: s.figures })),
    choice: choice && { ...choice, source: sourceLabel(choice.source) },
  };
}

/** Force first, then the others by name: a difference reads "the other source less the force's own". */
function bySourceOrder(a: string, b: string): number {
  if (a === FORCE_SOURCE || b === FORCE_SOURCE) return a === FORCE_SOURCE ? (b === FORCE_SOURCE ? 0 : -1) : 1;
  return a.localeCompare(b);
}

function reconciliationOf(kpi: Kpi, period: Period, held: Reconciliation['sources'], context: { notes: ReturnType<typeof reconciliationNotes>; reportedFrom: string }): Reconciliation {
  const difference = held[1].value - held[0].value;
  const differencePercent = held[0].value === 0 ? null : Math.round((difference / held[0].value) * 1000) / 10;
  const note = context.notes.get(reconciliationNoteKey(kpi.id, formatPeriod(period)));
  return {
    kpiId: kpi.id,
    name: kpi.name,
    period: formatPeriod(period),
    sources: held,
    difference,
    differencePercent,
    reportedFrom: sourceName(context.reportedFrom),
    unit: kpi.unit,
    display: {
      values: held.map((h) => formatValue(h.value, kpi.unit)),
      difference: formatChange(difference, kpi.unit),
      differencePercent: formatPercentChange(differencePercent),
    },
    note: note?.note ?? null,
    noted: note ? { by: note.by, at: note.at } : null,
  };
}

/** `index`: the request's KPIs, where it has them already (a report's context). */
export function reconcile(workspace: Workspace, periodText?: string, index: { kpis: readonly Kpi[]; byId: ReadonlyMap<string, Kpi> } = kpiIndex(workspace)): Reconciliation[] {
  const period = periodText ? readPeriod(periodText) : defaultPeriod(workspace);
  if (!period) return [];
  const months = periodMonths(period);
  const { kpis, byId } = index;
  const rows = monthlyFiguresBySource(workspace.db, monthKey(months[0]), monthKey(months[months.length - 1]));
  const bySource = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = bySource.get(row.source);
    if (list) list.push(row);
    else bySource.set(row.source, [row]);
  }
  const sets = [...bySource.entries()].sort(([a], [b]) => bySourceOrder(a, b)).map(([source, sourceRows]) => ({ source, series: seriesFromRows(sourceRows) }));
  const notes = reconciliationNotes(workspace.db);
  const reporting = reportingSources(workspace.db);
  const found: Reconciliation[] = [];
  for (const kpi of kpis) {
    // A ratio's parts are reconciled as themselves; the figure compared is the KPI's own for the whole period.
    const held = sets.flatMap(({ source, series }) => {
      const { value } = aggregate(kpi, HEADLINE, months, { series, kpisById: byId });
      return value === null ? [] : [{ source: sourceLabel(source), name: sourceName(source), value }];
    });
    if (held.length < 2) continue;
    found.push(reconciliationOf(kpi, period, held, { notes, reportedFrom: reporting.get(kpi.id) ?? FORCE_SOURCE }));
  }
  // The force's own figure in the Home Office tables by force, beside the dashboard's (the Peers page).
  const peer = forceInTables(workspace, period, undefined, byId);
  const peerKpi = byId.get(PEER_KPI);
  if (peer && peer.dashboard !== null && peerKpi && !found.some((r) => r.kpiId === PEER_KPI)) {
    const reportedFrom = reporting.get(PEER_KPI) ?? FORCE_SOURCE;
    const held = [
      { source: sourceLabel(reportedFrom), name: sourceName(reportedFrom), value: peer.dashboard },
      { source: sourceLabel(HOME_OFFICE), name: `${sourceName(HOME_OFFICE)} (${peer.area})`, value: peer.tables },
    ];
    found.push(reconciliationOf(peerKpi, period, held, { notes, reportedFrom }));
  }
  return found.sort((a, b) => Math.abs(b.differencePercent ?? Infinity) - Math.abs(a.differencePercent ?? Infinity));
}

export function createSourcesApi(session: Session): SourceMethods {
  return {
    'kpis.sources': ({ kpiId }) => kpiSources(session.current(), kpiId),
    'kpis.setSource': ({ kpiId, source }) => {
      const workspace = session.current();
      const kpi = findKpi(workspace, kpiId);
      const chosen = source === null ? null : parseSourceLabel(source);
      if (chosen !== null && !sourcesOfKpi(workspace.db, kpi.id).some((s) => s.source === chosen)) {
        const held = sourcesOfKpi(workspace.db, kpi.id).map((s) => sourceLabel(s.source));
        throw new WorkbenchError('bad_arguments', `${kpi.name} has no figures from "${source}"${held.length ? `; it has figures from ${held.join(', ')}` : ''}.`);
      }
      workspace.db.transaction(() => chooseReportingSource(workspace.db, kpi.id, chosen === null ? null : { source: chosen, by: currentAuthor(workspace) }))();
      return kpiSources(workspace, kpi.id);
    },
    'figures.reconcile': ({ period }) => reconcile(session.current(), period),
    'figures.noteReconciliation': ({ kpiId, period, note }) => {
      const workspace = session.current();
      const kpi = findKpi(workspace, kpiId);
      const chosen = period ? readPeriod(period) : defaultPeriod(workspace);
      const named = chosen ? formatPeriod(chosen) : 'any period';
      if (!chosen || !reconcile(workspace, named).some((r) => r.kpiId === kpi.id)) {
        throw new WorkbenchError('not_found', `${kpi.name} is not held from two sources in ${named}: there is no difference to explain. \`workbench reconcile\` lists those that are.`);
      }
      workspace.db.transaction(() => setReconciliationNote(workspace.db, kpi.id, named, note === '' ? null : { text: note, by: currentAuthor(workspace) }))();
      return reconcile(workspace, named);
    },
  };
}
