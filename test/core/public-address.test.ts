/**
 * The one address policy for profile pictures and provider base URLs: only public addresses,
 * checked on the literal in the URL and again on every address a name resolves to.
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { fetchableUrl, isPrivateAddress } from '../../src/main/core/avatars';
import { publicOnlyAgent, publicOnlyLookup, type Resolve } from '../../src/main/core/net/public-address';
import { cleanupAfterEach } from '../support/cleanups';

const onCleanup = cleanupAfterEach();

/** Addresses that reach this computer or a network that is not public, in spellings the old check let through. */
const GAPS: [string, string][] = [
  ['::127.0.0.1', 'IPv4-compatible IPv6 (::a.b.c.d) of loopback'],
  ['::10.0.0.1', 'IPv4-compatible IPv6 of a private address'],
  ['::169.254.169.254', 'IPv4-compatible IPv6 of the metadata service'],
  ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of 169.254.169.254'],
  ['64:ff9b::192.168.1.1', 'NAT64 of a private address'],
  ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['2002:0808:0808::1', '6to4 at all (deprecated; reaches an IPv4 host through a relay)'],
  ['fec0::1', 'site-local'],
  ['feff::1', 'site-local, top of the range'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.254', 'benchmarking, top of the range'],
];

/** Public addresses next to those ranges, which must stay reachable. */
const PUBLIC = ['8.8.8.8', '198.17.255.254', '198.20.0.1', '64:ff9b::8.8.8.8', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:151.101.1.1'];

describe('the public-address check', () => {
  it.each(GAPS)('refuses %s (%s)', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
    expect(isPrivateAddress(`[${ip}]`)).toBe(true);
  });

  it('keeps public addresses next to the refused ranges', () => {
    for (const ip of PUBLIC) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it.each(GAPS)('refuses a profile picture at %s before any request (%s)', (ip) => {
    const host = ip.includes(':') ? `[${ip}]` : ip;
    expect(fetchableUrl(`https://${host}/me.png`)).toBeNull();
  });

  it.each(GAPS)('refuses to connect when a name resolves to %s (%s)', async (ip) => {
    const resolve: Resolve = (_host, cb) => cb(null, [{ address: ip, family: ip.includes(':') ? 6 : 4 }]);
    const answer = await new Promise<{ err: NodeJS.ErrnoException | null }>((done) => publicOnlyLookup(resolve)('media.example.test', {}, (err) => done({ err })));
    expect(answer.err?.code).toBe('EPRIVATEADDRESS');
  });
});

describe('an Agent that connects only to public addresses', () => {
  it('opens no connection at all to a name that resolves to this computer', async () => {
    let connections = 0;
    const canary: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((r) => canary.listen(0, '127.0.0.1', r));
    onCleanup(() => new Promise<void>((r) => canary.close(() => r())));
    const port = (canary.address() as AddressInfo).port;
    // A name that looks public but resolves to 127.0.0.1 (DNS rebinding, a hostile provider's redirect target).
    const resolve: Resolve = (_host, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
    const agent = publicOnlyAgent({ resolve });
    onCleanup(() => agent.close());
    const error = await request(`http://api.example.test:${port}/conversations`, { dispatcher: agent }).then(
      () => null,
      (err: NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }) => err,
    );
    expect(error?.code ?? error?.cause?.code).toBe('EPRIVATEADDRESS');
    expect(connections).toBe(0);
  });
});
