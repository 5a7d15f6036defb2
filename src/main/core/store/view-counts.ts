/**
 * The number in every view, kept between changes so a key press does not recount the cache.
 *
 * Counting every view is a pass over all conversations (about 100 ms at 100,000). A triage key
 * changes one conversation, or a few: the counts after it are the counts before it plus what
 * those few did, worked out from their rows before and after with the same view rules the SQL is
 * written from (src/shared/views.ts). To know that nothing else changed in between, the
 * connection carries temporary triggers (never written to the cache file) on the fields views
 * read; they report every conversation whose counted state changed, and any label or account
 * that came or went. Whenever something else changed, the next read counts everything again.
 */
import type { ConversationSummary, ViewCounts, ViewId } from '../../../shared/domain';
import { LIMITS } from '../../../shared/limits';
import { ruleHolds, viewRule } from '../../../shared/views';
import type { Db } from '../db/database';
import { toSummary, type ConversationStore } from './conversations';

/** Past this many changed conversations since the last count, counting again is cheaper than tracking them. */
const MAX_TRACKED = LIMITS.bulk;

const CHANGED = 'view_counts_changed';

/** What a trigger reports: a conversation whose counted state changed, or null for a label or account that came or went. */
const TRIGGERS = [
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_conversation_added AFTER INSERT ON main.conversations BEGIN SELECT ${CHANGED}(NEW.id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_conversation_removed AFTER DELETE ON main.conversations BEGIN SELECT ${CHANGED}(OLD.id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_conversation_changed
     AFTER UPDATE OF archived_at, snoozed_until, last_from_me, unread_count, account_id ON main.conversations
     WHEN OLD.archived_at IS NOT NEW.archived_at OR OLD.snoozed_until IS NOT NEW.snoozed_until
       OR OLD.last_from_me IS NOT NEW.last_from_me OR OLD.unread_count IS NOT NEW.unread_count
       OR OLD.account_id IS NOT NEW.account_id
     BEGIN SELECT ${CHANGED}(NEW.id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_label_added AFTER INSERT ON main.conversation_labels BEGIN SELECT ${CHANGED}(NEW.conversation_id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_label_removed AFTER DELETE ON main.conversation_labels BEGIN SELECT ${CHANGED}(OLD.conversation_id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_follow_up_added AFTER INSERT ON main.follow_ups BEGIN SELECT ${CHANGED}(NEW.conversation_id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_follow_up_removed AFTER DELETE ON main.follow_ups BEGIN SELECT ${CHANGED}(OLD.conversation_id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_labels_added AFTER INSERT ON main.labels BEGIN SELECT ${CHANGED}(NULL); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_labels_removed AFTER DELETE ON main.labels BEGIN SELECT ${CHANGED}(NULL); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_accounts_added AFTER INSERT ON main.accounts BEGIN SELECT ${CHANGED}(NULL); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS view_counts_accounts_removed AFTER DELETE ON main.accounts BEGIN SELECT ${CHANGED}(NULL); END`,
];

export class ViewCountKeeper {
  private counts: ViewCounts | null = null;
  /** Conversations whose counted state changed since `counts` was right. */
  private readonly changed = new Set<string>();
  /** A label or account came or went, or too much changed to track: count everything again. */
  private stale = true;
  /** How often every view was counted from scratch (tests read it). */
  fullCounts = 0;

  constructor(
    db: Db,
    private readonly conversations: ConversationStore,
    /** The accounts whose inboxes are counted (every account, also one without conversations). */
    private readonly accountIds: () => string[],
  ) {
    db.function(CHANGED, { directOnly: false, deterministic: false }, (id: unknown) => {
      if (typeof id !== 'string' || this.changed.size >= MAX_TRACKED) this.stale = true;
      else this.changed.add(id);
      return null;
    });
    for (const sql of TRIGGERS) db.exec(sql);
  }

  /** Every view's count: kept when nothing counted changed since the last one, else counted again. */
  current(): ViewCounts {
    if (!this.right()) this.recount();
    return { ...this.counts! };
  }

  /** A view's kept count, only when the kept counts are right now (never counts); undefined otherwise. */
  kept(view: ViewId): number | undefined {
    if (!this.right()) return undefined;
    return Object.hasOwn(this.counts!, view) ? this.counts![view] : undefined;
  }

  /**
   * Runs a change to some conversations and returns its result with the counts after it. When the
   * kept counts were right before and the change touched only these conversations, the counts
   * follow from their rows before and after; otherwise every view is counted again. The change's
   * own error is thrown as it is; `counts` is null when they could not be read (the change stands).
   */
  around<T>(conversationIds: readonly string[], change: () => T): { result: T; counts: ViewCounts | null } {
    const ids = new Set(conversationIds);
    const wasRight = this.right();
    const before = wasRight ? this.summaries(ids) : null;
    const countedBefore = this.fullCounts;
    const result = change();
    try {
      // A listener the change told may have read the counts meanwhile: they are then counted afresh.
      const onlyThese = !this.stale && this.fullCounts === countedBefore && [...this.changed].every((id) => ids.has(id));
      if (before && onlyThese) {
        this.applyDifference(before, this.summaries(ids));
        this.changed.clear();
        return { result, counts: { ...this.counts! } };
      }
      return { result, counts: this.current() };
    } catch {
      this.stale = true;
      return { result, counts: null };
    }
  }

  /** Whether the kept counts are what counting now would give: counted once, and nothing counted changed since. */
  private right(): boolean {
    return this.counts !== null && !this.stale && this.changed.size === 0;
  }

  private recount(): void {
    // Cleared first: a change reported while counting is in the count already (one connection, run in turn).
    this.changed.clear();
    this.stale = false;
    try {
      this.counts = this.conversations.counts(this.accountIds());
      this.fullCounts++;
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }

  private summaries(ids: ReadonlySet<string>): Map<string, ConversationSummary> {
    const records = this.conversations.getMany([...ids]);
    return new Map([...records].map(([id, r]) => [id, toSummary(r)]));
  }

  private applyDifference(before: Map<string, ConversationSummary>, after: Map<string, ConversationSummary>): void {
    const counts = this.counts!;
    const ids = new Set([...before.keys(), ...after.keys()]);
    for (const view of Object.keys(counts) as ViewId[]) {
      const rule = viewRule(view);
      if (!rule) continue;
      let delta = 0;
      for (const id of ids) {
        const was = before.get(id);
        const is = after.get(id);
        delta += (is && ruleHolds(rule, is) ? 1 : 0) - (was && ruleHolds(rule, was) ? 1 : 0);
      }
      if (delta !== 0) counts[view] = (counts[view] ?? 0) + delta;
    }
  }
}
