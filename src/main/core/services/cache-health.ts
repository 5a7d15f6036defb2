/**
 * The cache file's health while the app runs: damage found stops all writing at once and marks
 * the cache so the next start recovers it; a full disk is named as such. Also keeps the rolling
 * copy of what only this computer knows (local-state.json).
 */
import { join } from 'node:path';
import { checkCacheInBackground } from '../db/cache-check';
import { DATABASE_FILE } from '../db/database';
import { markDamaged, writeRollingCopy } from '../db/recovery';
import { isCorruption, storageError } from '../db/storage-errors';
import type { AppError } from '../errors';
import type { CoreEvents } from './events';
import type { CoreParts } from './parts';

/**
 * SQLite's check of the whole file reads every page of it (over 2 s at 100,000 conversations on 2
 * cores, even at its lowered priority), and start() runs while the window is still loading. So it
 * waits for the window's first page of the list and this long after it, while the window draws its
 * rows: run alongside, it made the first row of a fresh window at 100,000 conversations 705 → 1,001 ms
 * (median, 8 loads each, ad-hoc probe with the bench's page, load 4–5); at 10,000 it was over too soon to matter.
 */
export const CHECK_AFTER_FIRST_PAGE_MS = 2_000;
/** With no window asking for a page (started in the tray, or a window that never loads), the check waits no longer than this. */
export const CHECK_WITHOUT_PAGE_MS = 10_000;

/** Resolves once the check may run: that long after the first page, or after the longest wait; at once when the core closes. */
function quietMoment(firstPage: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wait = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(resolve, ms);
      timer.unref?.();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    wait(CHECK_WITHOUT_PAGE_MS);
    void firstPage.then(() => wait(CHECK_AFTER_FIRST_PAGE_MS));
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export class CacheHealth {
  /** Damage found while running: nothing more is written, and the next start recovers. */
  private damage: AppError | null = null;
  private firstPageServed!: () => void;
  private readonly firstPage = new Promise<void>((resolve) => (this.firstPageServed = resolve));

  /** `stopWriting` stops the timers that would write (sync, snoozes, deliveries) once damage is found. */
  constructor(
    private readonly parts: CoreParts,
    private readonly events: CoreEvents,
    private readonly stopWriting: () => void,
  ) {}

  /** Whether damage was found while running. */
  get damaged(): boolean {
    return this.damage !== null;
  }

  /** Turns a storage failure into its sentence; damage also stops all writing (see the file comment). */
  storageFailure(err: unknown): unknown {
    if (this.damage) return this.damage;
    const file = join(this.parts.opts.dataDir, DATABASE_FILE);
    const found = storageError(err, file);
    if (found && isCorruption(err)) {
      this.damage = found;
      markDamaged(this.parts.opts.dataDir);
      this.stopWriting();
      this.events.emit({ notice: found.message });
    }
    return found ?? err;
  }

  /** Throws the damage sentence when damage was found while running: nothing more touches the file. */
  refuseIfDamaged(): void {
    if (this.damage) throw this.damage;
  }

  /** A page of the list was answered (the window's first one, at start): the check may follow once the window has drawn it. */
  pageServed(): void {
    this.firstPageServed();
  }

  /**
   * Runs SQLite's check of the whole file in a worker once the window's first rows are drawn
   * (db/cache-check.ts, CHECK_AFTER_FIRST_PAGE_MS); damage it finds is damage found while running.
   */
  checkInBackground(): void {
    const { signal } = this.parts.lifecycle;
    const hooks = this.parts.opts.cacheCheck;
    const quiet = quietMoment(this.firstPage, signal);
    const hold = hooks?.hold ? Promise.all([hooks.hold, quiet]).then(() => undefined) : quiet;
    checkCacheInBackground(join(this.parts.opts.dataDir, DATABASE_FILE), { ...hooks, hold, signal, onDamage: (err) => this.storageFailure(err) });
  }

  /** Writes the rolling copy of local state, unless the cache is damaged; a failure is retried at the next start or close. */
  keepRollingCopy(): void {
    if (this.damage) return;
    try {
      writeRollingCopy(this.parts.db, this.parts.opts.dataDir);
    } catch {
      // A rolling copy that cannot be written now is tried again at the next start or close.
    }
  }
}
