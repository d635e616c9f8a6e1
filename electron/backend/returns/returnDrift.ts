import { formatValue } from '../../../shared/domain/format';
import { parsePeriod } from '../../../shared/domain/periods';
import type { FilledCell } from '../../../shared/returns/fill';
import type { ReturnTemplate } from '../../../shared/returns/template';
import { dataExportContents, type DataExport } from '../../../db/dataExports';
import type { Workspace } from '../workspace';
import { describeCell, fillReturnFor, requireQuarter } from './returnsService';
import { mappedCellValues, savedWorkbookMapping } from './workbookReturns';

/**
 * A return stays true to its export: after an undo, a re-import or a hand change, the cells whose figure the
 * workspace now gives differently from the one written, each as "F6 was 156, now 154", as the report's
 * "since the last export" says of its sentences.
 */

export interface ExportDifference {
  address: string;
  label: string;
  was: string;
  now: string;
}

const same = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

interface WrittenWorkbook {
  workbook: string;
  layout: string;
  cells: { address: string; label: string; value: number | null; reason: string | null }[];
}

export function exportDifferences(workspace: Workspace, e: DataExport, templates: ReadonlyMap<string, ReturnTemplate>): ExportDifference[] | null {
  if (e.kind !== 'return') return null;
  const quarter = requireQuarter(parsePeriod(e.period));
  const contents = dataExportContents(workspace.db, e.id);
  if (Array.isArray(contents)) {
    const template = templates.get(e.name);
    if (!template) return null;
    const now = new Map(fillReturnFor(workspace, template, quarter).cells.map((c) => [c.address, c]));
    return (contents as FilledCell[]).flatMap((was) => {
      const fresh = now.get(was.address);
      if (!fresh || same(was.value, fresh.value)) return [];
      const show = (c: FilledCell) => (c.value === null && !c.notAvailable ? 'no figure' : describeCell(c.value, c.unit));
      return [{ address: was.address, label: `${was.label}, ${was.header}`, was: show(was), now: show(fresh) }];
    });
  }
  const written = contents as WrittenWorkbook;
  const mapping = written?.layout ? savedWorkbookMapping(workspace, written.layout) : undefined;
  if (!mapping) return null;
  const now = mappedCellValues(workspace, mapping, quarter);
  return written.cells.flatMap((was) => {
    const fresh = now.get(was.address);
    if (!fresh || same(was.value, fresh.value)) return [];
    const show = (v: number | null) => (v === null ? 'no figure' : fresh.kpi ? formatValue(v, fresh.kpi.unit) : String(v));
    return [{ address: was.address, label: was.label, was: was.value === null ? (was.reason !== null ? 'n/a' : 'no figure') : show(was.value), now: show(fresh.value) }];
  });
}
