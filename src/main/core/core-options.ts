/**
 * What the host passes when it opens the core: its ports (ports.ts) and the switches tests and
 * development builds use. The app passes only ports and seedDemo.
 */
import type { CacheCheckHooks } from './db/cache-check';
import type { CacheHistory } from './db/recovery';
import type { CorePorts, CrashPoint } from './ports';
import type { SyncLimits } from './sync-bounds';

export interface CoreOptions extends CorePorts {
  /** Create the demo account on first start (the app does; tests choose). */
  seedDemo?: boolean;
  /** Overrides the polling interval from the settings (tests). */
  pollIntervalMs?: number;
  /** How long one profile picture may take to download, in real ms (tests shorten it). */
  avatarTimeoutMs?: number;
  /**
   * Tests only: fetch profile pictures from this computer and private networks (plain http to
   * 127.0.0.1 included) through `dispatcher`. Without it (the app) pictures come only from public
   * https addresses, through an Agent of the avatar cache's own that checks each address it
   * connects to (see avatars.ts).
   */
  allowLoopbackImages?: boolean;
  /** Tests only: smaller caps on how far one sync pages (sync-bounds.ts). */
  syncLimits?: Partial<SyncLimits>;
  /**
   * Let accounts' base URLs name this computer (127.0.0.1, localhost, [::1]), over http or https:
   * for a local test server or simulator. Tests and development builds only; the packaged app never
   * sets it. Without it, keys go only to public https addresses.
   */
  allowLoopbackBaseUrls?: boolean;
  /** How many bytes all profile pictures together may take (tests shrink it). */
  avatarCacheBytes?: number;
  /** Tests only: called at each named point between two writes, so a test can kill the process there. */
  crashPoint?: (point: CrashPoint) => void;
  /** Whether this computer had a cache before (the shell keeps it in preferences), so a lost one is reported. */
  cacheHistory?: CacheHistory;
  /** Tests only: hold SQLite's check of the whole cache, which start() runs in a worker, and hear its result. */
  cacheCheck?: CacheCheckHooks;
}
