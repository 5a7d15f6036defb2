/**
 * The packaged app's Electron fuses (electron-builder.yml → electronFuses), read the way
 * electron-builder reads them: its own config loader and schema validation, its own mapping to
 * @electron/fuses, and @electron/fuses flipping and reading back a binary.
 *
 * The real Electron binary cannot be downloaded here, so the binary is a small fake carrying
 * the fuse sentinel and Electron 45's default wire (the layout @electron/fuses searches for in
 * the real one). What this proves is the whole path from the YAML to the bytes the packaged
 * executable ends up with; that Electron honours those bytes is Electron's own test suite.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';

const ROOT = resolve(__dirname, '..', '..');
const require = createRequire(import.meta.url);
// The package index first: app-builder-lib's modules import each other in a cycle that only
// its index resolves in the right order.
const builder = require('app-builder-lib');
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { FuseV1Options, getCurrentFuseWire, flipFuses } = require('@electron/fuses');
// The sentinel and the state bytes are not exported from the package index.
const { SENTINEL, FuseState } = require('@electron/fuses/dist/constants');

const cleanup = cleanupAfterEach();

/** Electron 45's fuse wire as shipped: run-as-node, NODE_OPTIONS, inspect and file:// privileges on. */
const SHIPPED_WIRE: Record<string, boolean> = {
  RunAsNode: true,
  EnableCookieEncryption: false,
  EnableNodeOptionsEnvironmentVariable: true,
  EnableNodeCliInspectArguments: true,
  EnableEmbeddedAsarIntegrityValidation: false,
  OnlyLoadAppFromAsar: false,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: true,
};

/** What the packaged app must carry (issue 13, item 8). */
const HARDENED: Record<string, boolean> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

/** A file laid out like an executable's data section: bytes, the sentinel, version 1, the wire, bytes. */
function fakeElectronBinary(dir: string): string {
  const names = Object.keys(SHIPPED_WIRE);
  const wire = names.map((name) => (SHIPPED_WIRE[name] ? FuseState.ENABLE : FuseState.DISABLE));
  const file = join(dir, 'inbox-zero-for-linkedin');
  writeFileSync(
    file,
    Buffer.concat([Buffer.alloc(4096, 0xcc), Buffer.from(SENTINEL), Buffer.from([1, names.length, ...wire]), Buffer.alloc(4096, 0xcc)]),
  );
  return file;
}

function readable(wire: Record<string, unknown>): Record<string, boolean | string> {
  const out: Record<string, boolean | string> = {};
  for (const [index, state] of Object.entries(wire)) {
    if (index === 'version') continue;
    out[FuseV1Options[Number(index)]] = state === FuseState.ENABLE ? true : state === FuseState.DISABLE ? false : `state ${state}`;
  }
  return out;
}

async function builderConfig(): Promise<{ electronFuses?: Record<string, boolean>; asar?: boolean }> {
  return getConfig(ROOT, null, null);
}

describe('Electron fuses of the packaged app', () => {
  it('electron-builder.yml sets every fuse explicitly, and electron-builder accepts the file', async () => {
    const config = await builderConfig();
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // onlyLoadAppFromAsar needs the app inside an asar, or the packaged app finds no code at all.
    expect(config.asar).toBe(true);
  });

  it('flipped into an executable the way electron-builder does it, the binary carries the hardened wire', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
    cleanup(() => rmSync(dir, { recursive: true, force: true }));
    const binary = fakeElectronBinary(dir);
    expect(readable(await getCurrentFuseWire(binary))).toEqual(SHIPPED_WIRE);

    const config = await builderConfig();
    // electron-builder's own translation of the YAML (PlatformPackager.generateFuseConfig), then
    // the same flipFuses call its addElectronFuses makes on the packaged executable.
    const fuseConfig = await builder.PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    await flipFuses(binary, { ...fuseConfig, strictlyRequireAllFuses: true });

    expect(readable(await getCurrentFuseWire(binary))).toEqual(HARDENED);
    const bytes = readFileSync(binary);
    expect(bytes.subarray(0, 4096).every((b) => b === 0xcc)).toBe(true); // nothing else was touched
  });
});
