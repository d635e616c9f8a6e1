import type { Api } from '../../../shared/api/contract';
import { listImports } from '../../../db/imports';
import type { Session } from '../session';
import { createImportJobs } from './importJobs';
import { commitImport, figuresOfImport, previewImport, undoFigureOfImport, undoImport } from './importService';
import { kpiIndex } from '../figures';
import { monthKey } from '../../../shared/domain/periods';
import { formatValue } from '../../../shared/domain/format';

type ImportMethods = Pick<Api, 'import.preview' | 'import.commit' | 'import.start' | 'import.progress' | 'import.cancel' | 'imports.list' | 'imports.undo' | 'imports.figures' | 'imports.undoFigure'>;

export function createImportApi(session: Session): ImportMethods {
  const jobs = createImportJobs(session);
  return {
    'import.preview': ({ paths, ...options }) => previewImport(session.current(), paths, options),
    'import.commit': ({ paths, ...options }) => commitImport(session.current(), paths, options),
    'import.start': ({ paths, ...options }) => jobs.start(paths, options),
    'import.progress': ({ jobId }) => jobs.progress(jobId),
    'import.cancel': ({ jobId }) => jobs.cancel(jobId),
    'imports.list': () =>
      listImports(session.current().db).map((row) => ({
        id: row.id,
        kind: row.kind,
        label: row.label,
        fileName: row.file_name,
        sha256: row.file_sha256,
        createdAt: row.created_at,
        undoneAt: row.undone_at,
        totals: { added: 0, changed: 0, unchanged: 0, ...JSON.parse(row.summary) },
      })),
    'imports.undo': ({ importId }) => undoImport(session.current(), importId),
    'imports.figures': ({ importId }) => {
      const workspace = session.current();
      const { byId } = kpiIndex(workspace);
      return figuresOfImport(workspace, importId).map((f) => {
        const kpi = byId.get(f.kpiId);
        return { kpiId: f.kpiId, kpiName: kpi?.name ?? f.kpiId, month: monthKey(f.month), dimension: f.dimension, category: f.category, value: f.value, display: kpi ? formatValue(f.value, kpi.unit) : String(f.value) };
      });
    },
    'imports.undoFigure': ({ importId, ...key }) => undoFigureOfImport(session.current(), importId, key),
  };
}
