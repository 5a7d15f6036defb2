import { afterEach, describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { linkVerdict } from '../../src/shared/links';
import { offlineDispatcher, tempDataDir } from '../support/core';

describe('the link allowlist', () => {
  it.each([
    ['https://www.linkedin.com/in/x', 'https://www.linkedin.com/in/x'],
    ['https://linkedin.com/feed/update/urn:li:activity:1', 'https://linkedin.com/feed/update/urn:li:activity:1'],
    ['https://WWW.LinkedIn.COM/in/Someone', 'https://www.linkedin.com/in/Someone'],
    ['  https://lnkd.in/eAbC123 ', 'https://lnkd.in/eAbC123'],
    ['https://calendly.com/jane/30min', 'https://calendly.com/jane/30min'],
    ['https://us02web.zoom.us/j/123?pwd=abc', 'https://us02web.zoom.us/j/123?pwd=abc'],
    ['https://meet.google.com/abc-defg-hij', 'https://meet.google.com/abc-defg-hij'],
    ['https://docs.google.com/document/d/1/edit', 'https://docs.google.com/document/d/1/edit'],
    ['https://teams.microsoft.com/l/meetup-join/x', 'https://teams.microsoft.com/l/meetup-join/x'],
  ])('opens %s', (url, href) => {
    expect(linkVerdict(url)).toEqual({ allowed: true, href });
  });

  it.each([
    ['http://linkedin.com/in/x', 'The link to linkedin.com is not secure (http), so it is not opened from this app.'],
    ['https://linkedin.com.evil.com/in/x', 'Links to linkedin.com.evil.com are not opened from this app; only LinkedIn and a few meeting and document sites are.'],
    ['https://evil.com/?linkedin.com', 'Links to evil.com are not opened from this app; only LinkedIn and a few meeting and document sites are.'],
    ['https://evillinkedin.com/', 'Links to evillinkedin.com are not opened from this app; only LinkedIn and a few meeting and document sites are.'],
    ['https://user:pw@linkedin.com/', 'The link to linkedin.com carries a user name or password, so it is not opened from this app.'],
    ['https://www.linkedin.com@evil.com/', 'The link to evil.com carries a user name or password, so it is not opened from this app.'],
    ['javascript:alert(document.cookie)', 'Only web links (https) are opened from this app, not javascript: links.'],
    ['file:///etc/passwd', 'Only web links (https) are opened from this app, not file: links.'],
    ['data:text/html,<script>alert(1)</script>', 'Only web links (https) are opened from this app, not data: links.'],
    ['https://www.linkedin.com:8443/in/x', 'The link to www.linkedin.com names an unusual port (8443), so it is not opened from this app.'],
    ['https://sites.google.com/view/x', 'Links to sites.google.com are not opened from this app; only LinkedIn and a few meeting and document sites are.'],
    ['not a link', 'This is not a web address, so it is not opened from this app.'],
  ])('refuses %s', (url, reason) => {
    expect(linkVerdict(url)).toEqual({ allowed: false, reason });
  });

  it('refuses lookalike hosts in other alphabets, naming them as the browser would reach them', () => {
    // "lіnkedin.com" with a Cyrillic і, and "linkedín.com" with an accent.
    for (const url of ['https://l\u0456nkedin.com/in/x', 'https://linked\u00edn.com/in/x', 'https://www.l\u0456nkedin.com/']) {
      const verdict = linkVerdict(url);
      expect(verdict.allowed).toBe(false);
      expect(!verdict.allowed && verdict.reason).toMatch(/^Links to (www\.)?xn--[a-z0-9-]+\.com are not opened/);
    }
  });
});

describe('opening a link', () => {
  let core: InboxCore | undefined;
  let cleanup = () => {};
  afterEach(async () => {
    await core?.close();
    cleanup();
    core = undefined;
  });

  async function open(openExternal?: (url: string) => Promise<void>, copyText?: (text: string) => Promise<void> | void): Promise<InboxCore> {
    const tmp = tempDataDir('inbox-links-');
    cleanup = tmp.cleanup;
    core = await createCore({ dataDir: tmp.dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), openExternal, copyText });
    return core;
  }

  it('hands only allowed links, normalised, to the browser', async () => {
    const opened: string[] = [];
    const c = await open(async (url) => void opened.push(url));
    expect(await c.openLink('https://WWW.LINKEDIN.com/in/jane')).toEqual({ opened: true });
    expect(await c.openLink('https://evil.com/?linkedin.com')).toEqual({
      opened: false,
      reason: 'Links to evil.com are not opened from this app; only LinkedIn and a few meeting and document sites are.',
      copied: false,
    });
    expect(await c.openLink('javascript:alert(1)')).toMatchObject({ opened: false });
    expect(opened).toEqual(['https://www.linkedin.com/in/jane']);
  });

  it('says so when there is no browser to open, or it fails to open', async () => {
    expect(await (await open()).openLink('https://lnkd.in/x')).toEqual({ opened: false, reason: 'Links cannot be opened from here, so the link to lnkd.in was not opened.', copied: false });
    await core!.close();
    cleanup();
    const failing = await open(async () => {
      throw new Error('no handler');
    });
    expect(await failing.openLink('https://zoom.us/j/1')).toEqual({ opened: false, reason: 'The browser could not be opened for the link to zoom.us.', copied: false });
  });

  it('copies a refused web link through the copyText port, never an allowed or non-web one', async () => {
    const opened: string[] = [];
    const copied: string[] = [];
    const c = await open(async (url) => void opened.push(url), (text) => void copied.push(text));
    expect(await c.openLink('https://example.com/portfolio')).toEqual({
      opened: false,
      reason: 'Links to example.com are not opened from this app; only LinkedIn and a few meeting and document sites are.',
      copied: true,
    });
    expect(await c.openLink('http://linkedin.com/in/x')).toMatchObject({ opened: false, copied: true });
    // Copied as the browser would reach it: a lookalike host in punycode, surrounding spaces gone.
    expect(await c.openLink('  https://l\u0456nkedin.com/in/x ')).toMatchObject({ opened: false, copied: true });
    expect(copied).toEqual(['https://example.com/portfolio', 'http://linkedin.com/in/x', 'https://xn--lnkedin-rog.com/in/x']);

    expect(await c.openLink('https://www.linkedin.com/in/jane')).toEqual({ opened: true });
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>1</script>', 'file:///etc/passwd', 'not a link', `https://example.com/${'a'.repeat(2_100)}`, 'https://www.linkedin.com@evil.example/x']) {
      expect(await c.openLink(url), url).toMatchObject({ opened: false, copied: false });
    }
    expect(copied).toHaveLength(3);
    expect(opened).toEqual(['https://www.linkedin.com/in/jane']);
  });

  it('says the link was not copied when there is no clipboard, or writing to it fails', async () => {
    expect(await (await open()).openLink('https://example.com/x')).toMatchObject({ opened: false, copied: false });
    await core!.close();
    cleanup();
    const failing = await open(undefined, () => {
      throw new Error('clipboard busy');
    });
    expect(await failing.openLink('https://example.com/x')).toEqual({
      opened: false,
      reason: 'Links to example.com are not opened from this app; only LinkedIn and a few meeting and document sites are.',
      copied: false,
    });
  });
});
