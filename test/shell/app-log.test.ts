/**
 * The log people can send us (src/main/log.ts): electron-log writes main.log in the logs folder,
 * rotates it past its size, and masks every key form describeForLog knows before the file sees it.
 * The real electron-log runs here, in a temporary folder; electron itself is never loaded.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_FILE_NAME, openAppLog } from '../../src/main/log';

const KEY = 'lk_live_LOGCANARY+Zp4/81xQ=';
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function errorCarryingTheKey(): Error {
  const url = `https://api.linkupapi.com/v1/messages?api_key=${encodeURIComponent(KEY)}`;
  return new TypeError(`request failed after POST ${url}`, {
    cause: Object.assign(new Error(`upstream said: token Bearer ${KEY} is not valid`), { request: { url, headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}` } } }),
  });
}

describe('the app log', () => {
  it('is written to main.log in the logs folder, with what happened and without the key in any form', () => {
    dir = mkdtempSync(join(tmpdir(), 'inbox-logs-'));
    const log = openAppLog({ folder: dir, console: false });
    expect(log.file).toBe(join(dir, LOG_FILE_NAME));
    log.error('[ipc] syncNow failed', errorCarryingTheKey());
    log.warn(`[keys] a plain sentence that quotes authorization: Bearer ${KEY}`);
    const text = readFileSync(log.file, 'utf8');
    expect(text).toContain('[ipc] syncNow failed TypeError: request failed after POST https://api.linkupapi.com/v1/messages?api_key=[redacted]');
    expect(text).toContain('caused by: Error: upstream said: token Bearer [redacted] is not valid');
    expect(text).toContain('[keys] a plain sentence that quotes authorization: [redacted]');
    for (const form of [KEY, encodeURIComponent(KEY), 'LOGCANARY']) expect(text, form).not.toContain(form);
  });

  it('is rotated past its size: the old file is kept once, the new one starts small', () => {
    dir = mkdtempSync(join(tmpdir(), 'inbox-logs-'));
    const log = openAppLog({ folder: dir, console: false, maxBytes: 4_000 });
    for (let i = 0; i < 100; i++) log.info(`[sync] line ${i} ${'x'.repeat(80)}`);
    const old = join(dir, 'main.old.log');
    expect(existsSync(old)).toBe(true);
    expect(statSync(log.file).size).toBeLessThanOrEqual(4_000 + 200);
    expect(readFileSync(log.file, 'utf8')).toContain('[sync] line 99');
    expect(readFileSync(old, 'utf8')).toMatch(/\[sync\] line \d+/);
  });

  it('never loads the real electron module', () => {
    expect(Object.keys(require.cache).some((k) => /node_modules[\\/]electron[\\/]/.test(k))).toBe(false);
  });
});
