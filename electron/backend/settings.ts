import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { settingsPath } from './paths';

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
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a crash mid-write cannot leave a half-written settings file.
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(settings, null, 2));
  fs.renameSync(temp, file);
}
