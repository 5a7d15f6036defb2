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

export class CacheHealth {
  /** Damage found while running: nothing more is written, and the next start recovers. */
  private damage: AppError | null = null;

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

  /** Runs SQLite's check of the whole file in a worker, after open (db/cache-check.ts); damage it finds is damage found while running. */
  checkInBackground(): void {
    checkCacheInBackground(join(this.parts.opts.dataDir, DATABASE_FILE), { ...this.parts.opts.cacheCheck, signal: this.parts.lifecycle.signal, onDamage: (err) => this.storageFailure(err) });
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
