/**
 * How far one sync may page, so a broken or hostile provider cannot keep it running for ever:
 * caps on pages (of the conversation list, of one thread, of the whole sync), a cursor the
 * provider already sent (a loop) ends a scan, and closing the app ends it between pages. What
 * stopped a sync becomes a sentence on the account.
 */
import { PROVIDER_LABELS, type Account } from '../../shared/domain';

export interface SyncLimits {
  /** Pages of the conversation list one sync reads at most. */
  listPages: number;
  /** Pages of one conversation's messages one sync reads at most. */
  threadPages: number;
  /** Pages of any kind one sync reads at most; threads it did not reach are fetched by the next one. */
  syncPages: number;
}

/**
 * Numbers no real account reaches: a heavy first sync (the benchmark's 3,000 conversations) reads
 * 30 list pages and 3,030 pages in all at 100 a page; 500 list pages hold 50,000 conversations,
 * 300 pages of a thread hold 30,000 messages (3,000 at Linkup's polling size of 10, and a poll
 * reads only what is new). 20,000 pages take 11 hours at ReactIn's 30 GET a minute.
 */
export const DEFAULT_SYNC_LIMITS: SyncLimits = { listPages: 500, threadPages: 300, syncPages: 20_000 };

/** Why a scan stopped before the provider said it was done. */
export type SyncStop =
  | { kind: 'list-loop' }
  | { kind: 'list-cap'; pages: number; conversations: number }
  | { kind: 'thread-loop'; title: string }
  | { kind: 'thread-cap'; title: string; pages: number }
  | { kind: 'sync-cap'; pages: number; threadsLeft: number };

/** Counts the pages of one sync and says when a scan must stop. */
export class SyncBounds {
  private pages = 0;

  constructor(
    readonly limits: SyncLimits,
    private readonly signal?: AbortSignal,
  ) {}

  /** Pages read so far in this sync. */
  get pagesRead(): number {
    return this.pages;
  }

  /** Starts one paged scan (the list, or one thread). */
  scan(kind: 'list' | 'thread'): PageScan {
    return new PageScan(this, kind === 'list' ? this.limits.listPages : this.limits.threadPages);
  }

  /**
   * Called before each page: throws if the app is closing; says which cap stops the scan, if any;
   * otherwise counts the page.
   */
  take(scanPages: number, scanCap: number): 'scan-cap' | 'sync-cap' | null {
    this.signal?.throwIfAborted();
    if (this.pages >= this.limits.syncPages) return 'sync-cap';
    if (scanPages >= scanCap) return 'scan-cap';
    this.pages++;
    return null;
  }
}

/** One paged scan: its page count and every cursor the provider sent in it. */
export class PageScan {
  pages = 0;
  private readonly cursors = new Set<string>();

  constructor(
    private readonly bounds: SyncBounds,
    private readonly cap: number,
  ) {}

  /** Before a page: null to go on, or the cap that stops the scan. */
  next(): 'scan-cap' | 'sync-cap' | null {
    const stop = this.bounds.take(this.pages, this.cap);
    if (stop === null) this.pages++;
    return stop;
  }

  /** Whether the provider sent this cursor before in this scan: following it would loop. */
  repeats(cursor: string): boolean {
    if (this.cursors.has(cursor)) return true;
    this.cursors.add(cursor);
    return false;
  }
}

/** The sentence an account shows after a sync that stopped early, or null. */
export function boundsNote(account: Account, stops: readonly SyncStop[]): string | null {
  if (stops.length === 0) return null;
  const provider = PROVIDER_LABELS[account.provider];
  const sentences: string[] = [];
  const of = <K extends SyncStop['kind']>(kind: K) => stops.filter((s): s is Extract<SyncStop, { kind: K }> => s.kind === kind);
  if (of('list-loop').length > 0) {
    sentences.push(`${provider} sent the same page of the conversation list of '${account.name}' twice, which would repeat for ever; this sync stopped listing there and kept what it had read. It will try again on the next sync.`);
  }
  for (const s of of('list-cap')) {
    sentences.push(`${provider} kept sending more conversations for '${account.name}' after ${count(s.pages, 'page')} (${count(s.conversations, 'conversation')}); this sync stopped listing there and kept what it had read.`);
  }
  const loops = of('thread-loop');
  if (loops.length > 0) {
    sentences.push(`${provider} sent the same page of messages twice in ${who(loops)}; what arrived is kept, and the rest will be tried again on the next sync.`);
  }
  const capped = of('thread-cap');
  if (capped.length > 0) {
    sentences.push(`${capitalised(who(capped))} ${capped.length === 1 ? 'is' : 'are'} longer than this app reads (${count(capped[0]!.pages, 'page')} of messages); the newest messages are kept, older ones are not fetched.`);
  }
  for (const s of of('sync-cap')) {
    sentences.push(`This sync of '${account.name}' stopped after ${count(s.pages, 'request')} to ${provider}; ${s.threadsLeft > 0 ? `the ${count(s.threadsLeft, 'conversation')} not fetched yet will be fetched on the next sync` : 'the rest will be fetched on the next sync'}.`);
  }
  return sentences.join(' ');
}

function who(stops: readonly { title: string }[]): string {
  if (stops.length === 1) return `the conversation with ${stops[0]!.title}`;
  return `${count(stops.length, 'conversation')} (${stops[0]!.title} and others)`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
