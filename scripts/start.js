// `npm start`: the desktop app where Electron is installed; otherwise the same app in the browser host.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (script) => execFileSync('npm', ['run', '--silent', script], { stdio: 'inherit', shell: process.platform === 'win32' });

function electronBinary() {
  try {
    // The electron package exports the path of its binary, and throws when the download never happened.
    return require('electron');
  } catch {
    return null;
  }
}

function startBrowserHost(reason) {
  console.log(reason);
  console.log('Opening Performance Workbench in your browser instead: the same app, served on 127.0.0.1 only.\n');
  run('build:renderer');
  const child = spawn(process.execPath, ['bin/workbench.js', 'serve', '--open'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

function electronReady() {
  try {
    execFileSync(process.execPath, ['scripts/electron-native.js'], { stdio: 'inherit' });
    return true;
  } catch {
    return false;
  }
}

const electron = electronBinary();
if (!electron) {
  startBrowserHost('Electron is not installed on this machine (its download was skipped or failed).');
} else if (!electronReady()) {
  startBrowserHost('The SQLite module could not be built for Electron on this machine.');
} else {
  run('build');
  const child = spawn(electron, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
