/**
 * The Chromium every browser test and benchmark runs in (test/support/bench.ts) shows our page and
 * nothing of Chrome's own: headless Chromium 156 builds its omnibox popup, a WebUI page of about 70
 * modules in a renderer of its own, for every window a test opens, and on a 2-core machine that
 * load took the CPU from the page under test (the bench's first render: 720 → 390 ms without it).
 * An Electron window has no omnibox. Switching it off takes a --disable-features switch, which
 * Chromium reads once: test/support/chromium.sh merges ours with Playwright's own list.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROME_UI_FEATURES, CHROMIUM_LAUNCHER } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { reactInWorld } from '../support/reactin-core';

const suite = browserSuite();

describe("the bench's Chromium", () => {
  it('runs the page under test and no browser UI of its own', async () => {
    const world = await reactInWorld({ conversations: 2 });
    suite.defer(() => world.dispose());
    await world.core.syncNow(world.accountId);
    const app = await suite.bench.open(world.core);
    suite.defer(() => app.close());
    await app.page.getByRole('listbox').waitFor();

    const cdp = await suite.bench.browser.newBrowserCDPSession();
    suite.defer(() => cdp.detach());
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    expect(targetInfos.filter((t) => t.type === 'page').map((t) => new URL(t.url).origin)).toEqual([suite.bench.baseUrl]);
    expect(targetInfos.filter((t) => t.url.startsWith('chrome:')).map((t) => `${t.type} ${t.url}`)).toEqual([]);
  });

  it("gets Playwright's disabled features and ours in one switch", async () => {
    // A stand-in for Chromium that writes down the arguments it was started with, then fails.
    const dir = mkdtempSync(join(tmpdir(), 'inbox-chromium-args-'));
    suite.defer(() => rmSync(dir, { recursive: true, force: true }));
    const record = join(dir, 'args');
    const standIn = join(dir, 'chromium');
    writeFileSync(standIn, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 3\n`, { mode: 0o755 });

    await expect(
      chromium.launch({ executablePath: CHROMIUM_LAUNCHER, env: { ...process.env, INBOX_CHROMIUM: standIn }, args: [`--disable-features=${CHROME_UI_FEATURES.join(',')}`], timeout: 10_000 }),
    ).rejects.toThrow();

    const args = readFileSync(record, 'utf8').split('\n');
    const switches = args.filter((a) => a.startsWith('--disable-features='));
    expect(switches).toHaveLength(1);
    const names = switches[0]!.slice('--disable-features='.length).split(',');
    expect(names).toEqual(expect.arrayContaining(CHROME_UI_FEATURES));
    // Playwright's own (it disables a dozen, e.g. MediaRouter) are still there.
    expect(names.length).toBeGreaterThan(CHROME_UI_FEATURES.length + 3);
    // Everything else reached the browser unchanged, e.g. Playwright's pipe to talk to it.
    expect(args).toContain('--remote-debugging-pipe');
  });
});
