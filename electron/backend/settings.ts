import fs from 'node:fs';
import * as z from 'zod';
import { settingsPath } from './paths';
import { writeFileAtomically } from './files';

const SettingsSchema = z.object({ lastWorkspace: z.string().optional() });
export type Settings = z.infer<typeof SettingsSchema>;

/** The app's remembered choices; a missing or unreadable file means defaults, never a failure to start. */
export function readSettings(file = settingsPath()): Settings {
  try {
    return SettingsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}

export function writeSettings(settings: Settings, file = settingsPath()): void {
  writeFileAtomically(file, JSON.stringify(settings, null, 2));
}
