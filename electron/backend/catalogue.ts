import { sha256 } from './files';
import fs from 'node:fs';
import { CatalogueSchema, type Catalogue } from '../../shared/domain/kpi';
import { appPath } from '../../db/appRoot';

const loaded = new Map<string, Catalogue>();

/** The catalogue file's text and its hash: a workspace that holds this version need not be synced again. */
export function catalogueText(file = appPath('resources', 'kpi-catalogue.json')): { text: string; sha256: string } {
  const text = fs.readFileSync(file, 'utf8');
  return { text, sha256: sha256(text) };
}

/** The KPI catalogue shipped in resources/, validated: a broken catalogue stops the app with its reason. */
export function loadCatalogue(file = appPath('resources', 'kpi-catalogue.json')): Catalogue {
  const known = loaded.get(file);
  if (known) return known;
  const parsed = CatalogueSchema.safeParse(JSON.parse(catalogueText(file).text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`The KPI catalogue ${file} is not valid: ${problems}`);
  }
  loaded.set(file, parsed.data);
  return parsed.data;
}
