import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder cannot run here (it fetches Electron), so its config is read against the files it
// names. The build outputs must exist: `npm test` builds before it tests.
const config = parse(fs.readFileSync('electron-builder.yml', 'utf8'));
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const exists = (pattern: string) => fs.existsSync(pattern.replace(/\/\*\*.*$/, '').replace(/\{.*$/, ''));

describe('electron-builder.yml', () => {
  it('names files that exist after a build', () => {
    const included = (config.files as string[]).filter((f) => !f.startsWith('!'));
    expect(included.length).toBeGreaterThan(3);
    for (const pattern of included) expect(exists(pattern), pattern).toBe(true);
    expect(fs.existsSync('dist/renderer/index.html')).toBe(true);
    expect(fs.existsSync('dist/electron/preload.cjs')).toBe(true);
    expect(fs.existsSync(manifest.main)).toBe(true);
    for (const icon of [config.win.icon, config.linux.icon]) expect(fs.existsSync(icon), icon).toBe(true);
  });

  it('unpacks the native SQLite module and what loads it from the asar', () => {
    for (const pattern of config.asarUnpack as string[]) expect(exists(pattern), pattern).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    // better-sqlite3 12 is the line that builds and runs on Node 20 (13 needs Node 22); Electron a major release.
    expect(manifest.dependencies['better-sqlite3']).toMatch(/^\^12\./);
    expect(manifest.devDependencies.electron).toMatch(/^\^\d{2,}\./);
    expect(config.npmRebuild).toBe(true);
  });

  it('builds the Windows installer and portable app, and the Linux AppImage and deb', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis', 'portable']);
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
    expect(manifest.scripts.dist).toContain('electron-builder --config electron-builder.yml');
  });

  it('ships what the app reads at run time and no source maps', () => {
    expect(config.files).toEqual(expect.arrayContaining(['db/migrations/**', 'resources/kpi-catalogue.json', 'resources/glossary.json', 'resources/returns/**', '!**/*.map']));
  });
});
