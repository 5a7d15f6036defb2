/**
 * Profile pictures. The renderer loads no remote URL (its CSP allows only data: images), so
 * main fetches each picture through the core's dispatcher, keeps the bytes in the `avatars`
 * table and hands them out as data: URLs.
 *
 * A picture URL comes from a provider, so it is treated as hostile: https only, no user name
 * or password, no credentials sent, at most 512 KB, a real-time limit, one of four image types
 * whose bytes must match the type the server claims, at most three redirects that obey the same
 * rules. It may not reach this computer or a private network (a request forged through the app):
 * an address written as a loopback, private, link-local or unique-local IP is refused before any
 * request, and a host name is resolved by the avatar Agent's own lookup, which refuses to connect
 * when it resolves to such an address (checked on the address actually connected to, so a name
 * cannot resolve to a public address for a check and a private one for the connection).
 *
 * Only tests turn that off (`allowLoopback`, from CoreOptions.allowLoopbackImages): then plain
 * http to 127.0.0.1, localhost and [::1] is allowed too, and pictures go through the core's
 * dispatcher, which tests watch. The app fetches pictures through the Agent made here.
 */
import { isLoopbackHost } from '../../shared/links';
import { request, type Agent, type Dispatcher } from 'undici';
import { isPrivateAddress, publicOnlyAgent } from './net/public-address';
import type { Db } from './db/database';
import type { Clock } from './ports';

export interface AvatarCacheOptions {
  db: Db;
  dispatcher: Dispatcher;
  clock: Clock;
  /** Gives up on one picture, redirects included, after this long (real time). */
  timeoutMs?: number;
  /**
   * Tests only: allow plain http to this computer and private addresses, and fetch through
   * `dispatcher` (their image servers listen on 127.0.0.1). Off in the app.
   */
  allowLoopback?: boolean;
  /** All pictures together may take this many bytes (AVATAR_CACHE_BYTES by default). */
  maxTotalBytes?: number;
}

/** Whose picture: one person of one account (their provider id). One picture is kept per owner. */
export interface AvatarOwner {
  accountId: string;
  person: string;
}

const MAX_BYTES = 512 * 1024;
/** All pictures together: past it, the least recently fetched are dropped (fetched again when next shown). */
export const AVATAR_CACHE_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const MAX_PARALLEL = 4;
const DEFAULT_TIMEOUT_MS = 10_000;
const HOUR = 3_600_000;
/** A picture that could not be had is not asked for again before this. */
const RETRY_FAILED_AFTER_MS = 24 * HOUR;
/** A cached picture is served, and fetched again in the background once it is this old. */
const REFRESH_AFTER_MS = 7 * 24 * HOUR;
/** Could not connect at all (offline, DNS): says nothing about the picture, so try again soon. */
const OFFLINE_RETRY_MS = 5 * 60_000;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** The accepted image types and the bytes each must start with. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};
const ACCEPT = Object.keys(SIGNATURES).join(', ');

type Outcome = { ok: true; mime: string; data: Buffer } | { ok: false; offline: boolean };

interface AvatarRow {
  url: string;
  mime: string | null;
  data: Uint8Array | null;
  fetched_at: number;
  failed_at: number | null;
}

// The address policy (public addresses only, checked on the address connected to) is shared with provider base URLs.
export { isPrivateAddress } from './net/public-address';

/** The URL if a picture may be fetched from it, else null. `allowLoopback`: tests' plain http on this computer, private addresses. */
export function fetchableUrl(raw: string, allowLoopback = false): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'https:') return allowLoopback || !isPrivateAddress(url.hostname) ? url : null;
  const loopback = isLoopbackHost(url.hostname);
  return url.protocol === 'http:' && loopback && allowLoopback ? url : null;
}

export class AvatarCache {
  private readonly timeoutMs: number;
  private readonly allowLoopback: boolean;
  /** The core's dispatcher (tests), or an Agent of its own whose lookup refuses private addresses (the app). */
  private readonly dispatcher: Dispatcher;
  private readonly ownAgent: Agent | null;
  private readonly inflight = new Map<string, Promise<string | null>>();
  private readonly downloads = new Map<string, Promise<Outcome>>();
  private readonly controllers = new Set<AbortController>();
  private readonly offlineUntil = new Map<string, number>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private closed = false;

  constructor(private readonly o: AvatarCacheOptions) {
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.allowLoopback = o.allowLoopback ?? false;
    this.ownAgent = this.allowLoopback ? null : publicOnlyAgent();
    this.dispatcher = this.ownAgent ?? o.dispatcher;
  }

  /**
   * The picture of `owner` (a person of an account) at `rawUrl` as a data: URL, from the cache or
   * fetched now; null when it cannot be had. One picture is kept per person: a new URL replaces it.
   * Never throws for the network.
   */
  async dataUrl(owner: AvatarOwner, rawUrl: string): Promise<string | null> {
    const url = fetchableUrl(rawUrl, this.allowLoopback);
    if (!url || this.closed) return null;
    const key = url.href;
    const now = this.o.clock.now();
    const stored = this.read(owner);
    const row = stored?.url === key ? stored : null; // a picture under an older URL is replaced, not served
    const failedRecently = row?.failed_at != null && now - row.failed_at < RETRY_FAILED_AFTER_MS;
    if (row?.data && row.mime) {
      if (now - row.fetched_at >= REFRESH_AFTER_MS && !failedRecently && !this.offline(key, now)) void this.fetchShared(owner, key).catch(() => undefined);
      return toDataUrl(row.mime, row.data);
    }
    if (failedRecently || this.offline(key, now)) return null;
    return this.fetchShared(owner, key);
  }

  /** Stops fetches in flight and waits for them; nothing is written afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.controllers) c.abort();
    await Promise.allSettled([...this.inflight.values()]);
    await this.ownAgent?.destroy().catch(() => undefined);
  }

  private offline(key: string, now: number): boolean {
    return (this.offlineUntil.get(key) ?? 0) > now;
  }

  /** Concurrent asks for the same picture of the same person share one fetch. */
  private fetchShared(owner: AvatarOwner, key: string): Promise<string | null> {
    const id = `${owner.accountId}\u0000${owner.person}\u0000${key}`;
    let p = this.inflight.get(id);
    if (!p) {
      p = this.fetchAndStore(owner, key).finally(() => this.inflight.delete(id));
      this.inflight.set(id, p);
    }
    return p;
  }

  private async fetchAndStore(owner: AvatarOwner, key: string): Promise<string | null> {
    const outcome = await this.downloadShared(key);
    if (this.closed) return null;
    const now = this.o.clock.now();
    const { accountId, person } = owner;
    // The account may have been removed while the picture downloaded: then there is nothing to keep.
    if (this.o.db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(accountId) === undefined) return outcome.ok ? toDataUrl(outcome.mime, outcome.data) : null;
    if (outcome.ok) {
      this.offlineUntil.delete(key);
      this.o.db
        .prepare(
          `INSERT INTO avatars (account_id, person, url, mime, data, bytes, fetched_at, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
           ON CONFLICT(account_id, person) DO UPDATE SET url = excluded.url, mime = excluded.mime, data = excluded.data, bytes = excluded.bytes, fetched_at = excluded.fetched_at, failed_at = NULL`,
        )
        .run(accountId, person, key, outcome.mime, outcome.data, outcome.data.length, now);
      this.trim();
      return toDataUrl(outcome.mime, outcome.data);
    }
    if (outcome.offline) {
      this.offlineUntil.set(key, now + OFFLINE_RETRY_MS);
    } else {
      // Remembered, so it is not asked for on every paint; a picture cached before under this URL is kept.
      this.o.db
        .prepare(
          `INSERT INTO avatars (account_id, person, url, mime, data, bytes, fetched_at, failed_at) VALUES (?, ?, ?, NULL, NULL, 0, ?, ?)
           ON CONFLICT(account_id, person) DO UPDATE SET failed_at = excluded.failed_at,
             mime = CASE WHEN url = excluded.url THEN mime END, data = CASE WHEN url = excluded.url THEN data END,
             bytes = CASE WHEN url = excluded.url THEN bytes ELSE 0 END, url = excluded.url`,
        )
        .run(accountId, person, key, now, now);
    }
    const kept = this.read(owner);
    return kept?.url === key && kept.data && kept.mime ? toDataUrl(kept.mime, kept.data) : null;
  }

  /** People who share a picture's URL share its download. */
  private downloadShared(key: string): Promise<Outcome> {
    let p = this.downloads.get(key);
    if (!p) {
      p = this.limited(() => this.download(key)).finally(() => this.downloads.delete(key));
      this.downloads.set(key, p);
    }
    return p;
  }

  /** Drops the least recently fetched pictures until all of them fit in the cap. */
  private trim(): void {
    const cap = this.o.maxTotalBytes ?? AVATAR_CACHE_BYTES;
    const total = (this.o.db.prepare('SELECT COALESCE(SUM(bytes), 0) AS n FROM avatars').get() as { n: number }).n;
    if (total <= cap) return;
    let excess = total - cap;
    const oldest = this.o.db.prepare('SELECT account_id, person, bytes FROM avatars WHERE bytes > 0 ORDER BY fetched_at, rowid').iterate() as Iterable<{ account_id: string; person: string; bytes: number }>;
    const drop: { account_id: string; person: string }[] = [];
    for (const row of oldest) {
      if (excess <= 0) break;
      drop.push(row);
      excess -= row.bytes;
    }
    const remove = this.o.db.prepare('DELETE FROM avatars WHERE account_id = ? AND person = ?');
    for (const row of drop) remove.run(row.account_id, row.person);
  }

  private read(owner: AvatarOwner): AvatarRow | null {
    return (this.o.db.prepare('SELECT url, mime, data, fetched_at, failed_at FROM avatars WHERE account_id = ? AND person = ?').get(owner.accountId, owner.person) as AvatarRow | undefined) ?? null;
  }

  /** At most MAX_PARALLEL downloads at once; the rest wait their turn. */
  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= MAX_PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private async download(start: string): Promise<Outcome> {
    if (this.closed) return { ok: false, offline: true };
    const controller = new AbortController();
    this.controllers.add(controller);
    // Real time, not the core's clock: this bounds a real socket.
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    timer.unref?.();
    const refused: Outcome = { ok: false, offline: false };
    try {
      let url = start;
      for (let hop = 0; ; hop++) {
        const res = await request(url, { method: 'GET', dispatcher: this.dispatcher, signal: controller.signal, headers: { accept: ACCEPT } });
        // Bodies given up on are destroyed, which undici reports as an error: it is expected here.
        res.body.on('error', () => {});
        if (REDIRECTS.has(res.statusCode)) {
          res.body.destroy();
          const next = hop < MAX_REDIRECTS ? redirectTarget(firstHeader(res.headers.location), url, this.allowLoopback) : null;
          if (!next) return refused;
          url = next;
          continue;
        }
        const mime = (firstHeader(res.headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
        const declared = Number(firstHeader(res.headers['content-length']) ?? 0);
        const matches = SIGNATURES[mime];
        if (res.statusCode !== 200 || !matches || declared > MAX_BYTES) {
          res.body.destroy();
          return refused;
        }
        const data = await readAtMost(res.body, MAX_BYTES);
        return data && matches(data) ? { ok: true, mime, data } : refused;
      }
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } } | null)?.code;
      const causeCode = (err as { cause?: { code?: string } } | null)?.cause?.code;
      const offline = !controller.signal.aborted && (OFFLINE_CODES.has(code ?? '') || OFFLINE_CODES.has(causeCode ?? ''));
      return { ok: false, offline };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}

/** Reads a body, stopping (and closing the connection) as soon as it passes `max` bytes. */
async function readAtMost(body: AsyncIterable<Buffer>, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > max) return null; // leaving the loop destroys the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function redirectTarget(location: string | undefined, from: string, allowLoopback: boolean): string | null {
  if (!location) return null;
  try {
    return fetchableUrl(new URL(location, from).href, allowLoopback)?.href ?? null;
  } catch {
    return null;
  }
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function toDataUrl(mime: string, data: Uint8Array): string {
  return `data:${mime};base64,${Buffer.from(data).toString('base64')}`;
}
