import fs from 'node:fs';
import path from 'node:path';
import { readReturnTemplate, ReturnTemplateError, type ReturnTemplate } from '../../../shared/returns/template';
import { appPath } from '../../../db/appRoot';
import { kpiIndex } from '../figures';
import { userDataDir } from '../paths';
import type { Workspace } from '../workspace';

export interface LoadedTemplates {
  templates: Map<string, { template: ReturnTemplate; file: string; builtIn: boolean }>;
  /** Templates that could not be read, each with what is wrong: a broken file never hides the others. */
  broken: { file: string; message: string }[];
}

/** Where the analyst puts templates of their own: a folder beside the app's workspace. */
export function userReturnsDir(): string {
  return path.join(userDataDir(), 'returns');
}

function jsonFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.toLowerCase().endsWith('.json'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

export function loadReturnTemplates(workspace: Workspace, dirs = { builtIn: appPath('resources', 'returns'), user: userReturnsDir() }): LoadedTemplates {
  const { byId } = kpiIndex(workspace);
  const loaded: LoadedTemplates = { templates: new Map(), broken: [] };
  for (const [dir, builtIn] of [
    [dirs.builtIn, true],
    [dirs.user, false],
  ] as const) {
    for (const file of jsonFiles(dir)) {
      try {
        let raw: unknown;
        try {
          raw = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (error) {
          throw new ReturnTemplateError(`${file}: not valid JSON (${(error as Error).message})`);
        }
        const template = readReturnTemplate(raw, file, byId);
        if (loaded.templates.has(template.id)) throw new ReturnTemplateError(`${file}: the id "${template.id}" is already used by ${loaded.templates.get(template.id)!.file}`);
        loaded.templates.set(template.id, { template, file, builtIn });
      } catch (error) {
        if (!(error instanceof ReturnTemplateError)) throw error;
        loaded.broken.push({ file, message: error.message });
      }
    }
  }
  return loaded;
}
