/**
 * The README's first command, `npm install && npm start`, on a fresh clone: the first start must
 * download Electron's binary (Electron 45's package has no install script) and launch the built
 * app. Run end to end against a loopback Electron mirror (ELECTRON_MIRROR) that serves a zip whose
 * "electron" is a stub script recording how it was launched, with SHASUMS256.txt from the mirror.
 *
 * What runs is `npm start` itself (prestart → scripts/ensure-electron.mjs → Electron's own
 * install.js → @electron/get → the mirror; then electron-vite builds and spawns the binary).
 * `npm install` is not run: the copy reuses this checkout's node_modules (hard links), and what
 * install contributes to the chain is only that it does not download Electron — which the
 * "install step" test below checks, so CI's `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` stays valid.
 *
 * Each run uses a private Electron cache (electron_config_cache) so ~/.cache/electron is never
 * read or written. Linux/macOS only, like CI: the stub is a shell script.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';

const ROOT = resolve(__dirname, '..', '..');
const ELECTRON_VERSION: string = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
const ZIP_NAME = `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`;
/** Where install.js expects the executable inside the zip (its getPlatformPath()). */
const EXECUTABLE_IN_ZIP = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';

const cleanup = cleanupAfterEach();

interface Mirror {
  url: string;
  requests: string[];
}

/** A zip laid out like Electron's release, whose executable records its cwd and arguments. */
function makeStubElectronZip(dir: string): Buffer {
  const tree = join(dir, 'zip-tree');
  mkdirSync(dirname(join(tree, EXECUTABLE_IN_ZIP)), { recursive: true });
  writeFileSync(
    join(tree, EXECUTABLE_IN_ZIP),
    '#!/bin/sh\n' +
      '# Stands in for Electron: records how it was launched, then exits like a closed app.\n' +
      'node -e \'require("fs").writeFileSync(process.env.STUB_ELECTRON_RECORD, JSON.stringify({ cwd: process.cwd(), args: process.argv.slice(1) }))\' -- "$@"\n',
  );
  chmodSync(join(tree, EXECUTABLE_IN_ZIP), 0o755);
  writeFileSync(join(tree, 'version'), ELECTRON_VERSION);
  const zipPath = join(dir, ZIP_NAME);
  const zipped = spawnSync('zip', ['-q', '-r', '-X', zipPath, '.'], { cwd: tree, encoding: 'utf8' });
  if (zipped.status !== 0) throw new Error(`zip failed (apt-get install zip): ${zipped.error ?? zipped.stderr}`);
  return readFileSync(zipPath);
}

/** Serves the zip and its SHASUMS256.txt at the paths @electron/get asks a mirror for. */
async function startMirror(zip: Buffer, { checksumOf = zip } = {}): Promise<Mirror> {
  const sha = createHash('sha256').update(checksumOf).digest('hex');
  const files = new Map<string, Buffer>([
    [`/v${ELECTRON_VERSION}/${ZIP_NAME}`, zip],
    [`/v${ELECTRON_VERSION}/SHASUMS256.txt`, Buffer.from(`${sha} *${ZIP_NAME}\n`)],
  ]);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'content-length': body?.length ?? 0 });
    res.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanup(() => new Promise((done) => server.close(done)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

/** A port on 127.0.0.1 that nothing listens on: a mirror that cannot be reached. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * A fresh clone: the repository's files (tracked and new, nothing ignored, so no out/) and
 * node_modules hard-linked from this checkout without Electron's downloaded binary.
 */
function freshCopy(parent: string): string {
  const copy = join(parent, 'project');
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status === 0) {
    for (const file of listed.stdout.split('\0').filter(Boolean)) {
      if (!existsSync(join(ROOT, file))) continue; // deleted in the worktree, not yet committed
      cpSync(join(ROOT, file), join(copy, file), { recursive: true });
    }
  } else {
    // Not a git checkout (a source tarball): everything but what .gitignore names.
    const ignored = new Set(['.git', 'node_modules', 'out', 'dist', 'test-results', 'coverage', '.vite', join('test', '.generated')]);
    cpSync(ROOT, copy, { recursive: true, filter: (from) => !ignored.has(relative(ROOT, from)) });
  }
  const linked = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(copy, 'node_modules')], { encoding: 'utf8' });
  if (linked.status !== 0) throw new Error(`cp -al node_modules failed: ${linked.stderr}`);
  // Unlinking removes only the copy's names; this checkout's files are untouched.
  rmSync(join(copy, 'node_modules/electron/dist'), { recursive: true, force: true });
  rmSync(join(copy, 'node_modules/electron/path.txt'), { force: true });
  return copy;
}

/** The environment of a person's shell: no npm lifecycle or Electron variables from this test run. */
function personEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|ELECTRON_|electron_)/i.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs an npm command to its exit (no time limit but the test's own) and keeps its output. */
function runNpm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'first-start-'));
  cleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('the first npm start on a fresh clone', () => {
  it('downloads Electron from the mirror, checks it against the mirror checksums, builds and launches the app', { timeout: 600_000 }, async () => {
    const dir = workDir();
    const mirror = await startMirror(makeStubElectronZip(dir));
    const project = freshCopy(dir);
    const record = join(dir, 'launched.json');
    const cache = join(dir, 'electron-cache');
    const env = personEnv({
      ELECTRON_MIRROR: mirror.url,
      npm_config_electron_mirror: mirror.url,
      electron_use_remote_checksums: '1',
      electron_config_cache: cache,
      STUB_ELECTRON_RECORD: record,
    });

    const start = await runNpm(['start'], project, env);

    expect(start.output).not.toContain('Electron uninstall');
    expect(start.code, start.output).toBe(0);
    expect(start.output).toContain(`downloading Electron ${ELECTRON_VERSION}`);
    expect(mirror.requests).toEqual(
      expect.arrayContaining([`/v${ELECTRON_VERSION}/${ZIP_NAME}`, `/v${ELECTRON_VERSION}/SHASUMS256.txt`]),
    );
    // The zip landed in the private cache, and the binary in the copy's node_modules.
    expect(readdirSync(cache, { recursive: true }).map((entry) => basename(String(entry)))).toContain(ZIP_NAME);
    expect(readFileSync(join(project, 'node_modules/electron/path.txt'), 'utf8')).toBe(EXECUTABLE_IN_ZIP);
    // The stub was launched on the project, whose entry is the freshly built main bundle.
    const launched = JSON.parse(readFileSync(record, 'utf8')) as { cwd: string; args: string[] };
    const appPath = resolve(launched.cwd, launched.args[0]);
    expect(appPath).toBe(project);
    const main = JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')).main as string;
    expect(resolve(appPath, main)).toBe(join(project, 'out/main/index.js'));
    expect(existsSync(join(project, 'out/main/index.js'))).toBe(true);
    expect(existsSync(join(project, 'out/renderer/index.html'))).toBe(true);

    // The next start finds the binary and asks the mirror for nothing.
    const asked = mirror.requests.length;
    const again = await runNpm(['run', 'prestart'], project, env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).not.toContain('downloading Electron');
    expect(mirror.requests).toHaveLength(asked);
  });

  it('stops with a sentence saying what to do when no mirror can be reached', { timeout: 120_000 }, async () => {
    const dir = workDir();
    const project = freshCopy(dir);
    const unreachable = `http://127.0.0.1:${await closedPort()}/`;
    const record = join(dir, 'launched.json');
    const env = personEnv({
      ELECTRON_MIRROR: unreachable,
      npm_config_electron_mirror: unreachable,
      electron_config_cache: join(dir, 'electron-cache'),
      STUB_ELECTRON_RECORD: record,
    });

    const start = await runNpm(['start'], project, env);

    expect(start.code).not.toBe(0);
    expect(start.output).toContain(`Could not download Electron ${ELECTRON_VERSION} from ${unreachable}v${ELECTRON_VERSION}/`);
    expect(start.output).toMatch(/set ELECTRON_MIRROR to a reachable mirror/);
    expect(start.output).toMatch(/HTTPS_PROXY with ELECTRON_GET_USE_PROXY=1/);
    expect(start.output).not.toContain('Electron uninstall');
    expect(existsSync(record)).toBe(false);
    expect(existsSync(join(project, 'out'))).toBe(false); // it stopped before building
  });

  it('refuses a zip that does not match the mirror checksums, and launches nothing', { timeout: 120_000 }, async () => {
    const dir = workDir();
    const mirror = await startMirror(makeStubElectronZip(dir), { checksumOf: Buffer.from('another build') });
    const project = freshCopy(dir);
    const record = join(dir, 'launched.json');
    const env = personEnv({
      ELECTRON_MIRROR: mirror.url,
      npm_config_electron_mirror: mirror.url,
      electron_use_remote_checksums: '1',
      electron_config_cache: join(dir, 'electron-cache'),
      STUB_ELECTRON_RECORD: record,
    });

    const start = await runNpm(['start'], project, env);

    expect(start.code).not.toBe(0);
    expect(start.output).toMatch(/Could not download Electron .*checksum/);
    expect(existsSync(join(project, 'node_modules/electron/path.txt'))).toBe(false);
    expect(existsSync(record)).toBe(false);
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD set, says the binary was skipped instead of downloading it', { timeout: 120_000 }, async () => {
    const dir = workDir();
    const mirror = await startMirror(makeStubElectronZip(dir));
    const project = freshCopy(dir);
    const env = personEnv({
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      ELECTRON_MIRROR: mirror.url,
      electron_use_remote_checksums: '1',
      electron_config_cache: join(dir, 'electron-cache'),
    });

    const start = await runNpm(['start'], project, env);

    expect(start.code).not.toBe(0);
    expect(start.output).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded');
    expect(start.output).toContain('Unset ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(mirror.requests).toEqual([]);
  });
});

describe('the install step (what CI runs as ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci)', () => {
  it('downloads nothing: the download lives in prestart, and neither the app nor electron has an install script', () => {
    const app = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const electron = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8'));
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(app.scripts?.[hook], `package.json scripts.${hook}`).toBeUndefined();
      expect(electron.scripts?.[hook], `electron's scripts.${hook}`).toBeUndefined();
    }
    expect(app.scripts.prestart).toBe('node scripts/ensure-electron.mjs');
    expect(app.scripts.predev).toBe('node scripts/ensure-electron.mjs'); // electron-vite dev reads path.txt too
  });
});
