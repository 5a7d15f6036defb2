#!/usr/bin/env node
// `npm start`'s prestart (and `npm run dev`'s predev): makes sure Electron's binary is on disk before electron-vite looks for it.
//
// Why: Electron 45's npm package has no install script. It downloads its binary on the first
// `require('electron')`, but `electron-vite preview` reads node_modules/electron/path.txt
// directly, which exists only after that download, so a fresh `npm install && npm start` ended
// with "Error: Electron uninstall". This runs Electron's own installer (the package's
// `install-electron` bin, through @electron/get: ELECTRON_MIRROR, checksums, the cache in
// electron_config_cache, ELECTRON_GET_USE_PROXY), which returns at once when the binary is
// already there, and turns its failure into a sentence that says what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const { version } = require('electron/package.json');
const helpSection = 'README.md, "Two commands" → "The first start downloads Electron"';

/** True when node_modules/electron already holds this version's binary (what install.js checks). */
function electronIsInstalled() {
  try {
    const installed = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').replace(/^v/, '').trim();
    const executable = readFileSync(join(electronDir, 'path.txt'), 'utf8');
    return installed === version && existsSync(join(electronDir, 'dist', executable));
  } catch {
    return false;
  }
}

/** Where @electron/get will fetch from: the mirror and folder variables it reads, else GitHub's releases. */
function downloadOrigin() {
  const mirror =
    process.env.npm_config_electron_mirror ||
    process.env.NPM_CONFIG_ELECTRON_MIRROR ||
    process.env.npm_package_config_electron_mirror ||
    process.env.ELECTRON_MIRROR ||
    'https://github.com/electron/electron/releases/download/';
  const dir =
    process.env.npm_config_electron_custom_dir ||
    process.env.NPM_CONFIG_ELECTRON_CUSTOM_DIR ||
    process.env.ELECTRON_CUSTOM_DIR ||
    `v${version}`;
  return `${mirror}${dir.replace('{{ version }}', version)}/`;
}

if (process.env.ELECTRON_EXEC_PATH) {
  // The person runs their own Electron build; electron-vite uses it and never reads path.txt.
  process.exit(0);
}
if (electronIsInstalled()) process.exit(0);

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.error(
    `Electron ${version} is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not ` +
      `downloaded and the app cannot start. Unset ELECTRON_SKIP_BINARY_DOWNLOAD and run npm start again ` +
      `(or point ELECTRON_EXEC_PATH at an Electron ${version} binary).`,
  );
  process.exit(1);
}

console.log(
  `First start: downloading Electron ${version} for ${process.platform}-${process.arch} ` +
    `(about 100 MB, once) from ${downloadOrigin()}`,
);
const installer = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  // stderr is kept to name the failure in one sentence (it carries no progress bar: not a TTY).
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
});
if (installer.status === 0 && electronIsInstalled()) process.exit(0);

// install.js prints the error's stack; its first line names what went wrong.
const reason =
  installer.error?.message ??
  (installer.stderr ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('at ')) ??
  `the installer exited with status ${installer.status}`;
console.error(
  `\nCould not download Electron ${version} from ${downloadOrigin()} (${reason}), so the app cannot ` +
    `start. Check the internet connection, or set ELECTRON_MIRROR to a reachable mirror, or set ` +
    `HTTPS_PROXY with ELECTRON_GET_USE_PROXY=1 behind a proxy, then run npm start again; ` +
    `DEBUG=@electron/get* shows each request. See ${helpSection}.`,
);
process.exit(1);
