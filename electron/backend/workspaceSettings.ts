import { MARKINGS } from '../../shared/report/model';
import type { WorkspaceSettings } from '../../shared/api/workspaceSchemas';
import { getMeta, setMeta } from '../../db/meta';
import type { Workspace } from './workspace';
import { accountName, currentAuthor } from './author';
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import { clearWordTemplate, getWordTemplate, setWordTemplate } from '../../db/reportWordTemplate';
import { describeWordTemplate, readWordTemplate } from './report/wordTemplate';


/** What the workspace remembers about itself (force, author, marking, sensitivity). */
export function workspaceSettings(workspace: Workspace): WorkspaceSettings {
  const marking = getMeta(workspace.db, 'marking');
  return {
    forceName: getMeta(workspace.db, 'force_name') ?? null,
    author: getMeta(workspace.db, 'author') ?? null,
    marking: (MARKINGS as readonly string[]).includes(marking ?? '') ? (marking as WorkspaceSettings['marking']) : 'OFFICIAL',
    sensitivity: getMeta(workspace.db, 'sensitivity') === 'conservative' ? 'conservative' : 'standard',
    account: accountName(),
    reportTemplate: reportTemplateInfo(workspace),
  };
}

function reportTemplateInfo(workspace: Workspace): WorkspaceSettings['reportTemplate'] {
  const stored = getWordTemplate(workspace.db, { content: false });
  return stored ? { fileName: stored.fileName, setBy: stored.setBy, setAt: stored.setAt, ...JSON.parse(stored.info) } : null;
}

/** Word templates are a few hundred kilobytes; a file far larger is not one. */
const TEMPLATE_LIMIT = 20 * 1024 * 1024;

/** Reads the file, refusing what is not a Word document or template, then keeps it in the workspace. */
function takeReportTemplate(workspace: Workspace, file: string): void {
  const name = path.basename(file);
  let bytes: Buffer;
  try {
    if (fs.statSync(file).size > TEMPLATE_LIMIT) throw new WorkbenchError('bad_arguments', `${name} is larger than 20 MB: it is not a Word template.`);
    bytes = fs.readFileSync(file);
  } catch (err) {
    if (err instanceof WorkbenchError) throw err;
    throw new WorkbenchError('not_found', `${file} cannot be read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : 'it is not readable'}. Nothing was changed.`);
  }
  const info = describeWordTemplate(readWordTemplate(bytes, name));
  setWordTemplate(workspace.db, { fileName: name, content: bytes, info: JSON.stringify(info), setBy: currentAuthor(workspace), setAt: new Date().toISOString() });
}

export function saveWorkspaceSettings(
  workspace: Workspace,
  change: Partial<{ forceName: string; author: string; marking: WorkspaceSettings['marking']; sensitivity: WorkspaceSettings['sensitivity']; reportTemplate: string | null }>,
): WorkspaceSettings {
  workspace.db.transaction(() => {
    if (change.reportTemplate === null) clearWordTemplate(workspace.db);
    else if (change.reportTemplate !== undefined) takeReportTemplate(workspace, change.reportTemplate);
    if (change.forceName !== undefined) setMeta(workspace.db, 'force_name', change.forceName);
    if (change.author !== undefined) setMeta(workspace.db, 'author', change.author);
    if (change.marking !== undefined) setMeta(workspace.db, 'marking', change.marking);
    if (change.sensitivity !== undefined) setMeta(workspace.db, 'sensitivity', change.sensitivity);
  })();
  return workspaceSettings(workspace);
}
