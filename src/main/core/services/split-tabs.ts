/**
 * Searches saved as split tabs (view `search:<id>`): their lists, from search itself, and their
 * counts, which ride along with every view's counts (one counting query per tab).
 */
import type { AppSettings, ConversationPage, ViewCounts } from '../../../shared/domain';
import type { ListQuery } from '../../../shared/ipc';
import { LIMITS } from '../../../shared/limits';
import { invalidInput } from '../errors';
import { countSplitTab, MAX_SEARCH_LIMIT, runSearch, searchProblems, searchStoreFor } from '../search';
import { splitViewId } from '../saved-splits';
import type { CoreParts } from './parts';

/** A tab counts up to this many: 1,000 shows as "999+". */
export const SPLIT_COUNT_CAP = 1000;

export class SplitTabs {
  constructor(
    private readonly parts: CoreParts,
    private readonly settings: () => AppSettings,
  ) {}

  /** A page of a split tab: its search's newest conversations (at most the newest MAX_SEARCH_LIMIT), the total counted up to SPLIT_COUNT_CAP. */
  list(query: ListQuery): ConversationPage {
    const split = this.settings().savedSplits.find((s) => splitViewId(s.id) === query.view);
    if (!split) return { items: [], total: 0 };
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? LIMITS.listPageDefault, LIMITS.listPage);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) throw invalidInput('That page of the list does not exist.');
    const upTo = Math.min(offset + limit, MAX_SEARCH_LIMIT);
    if (offset >= upTo) return { items: [], total: this.count(split.query) };
    const result = runSearch(this.deps(), split.query, upTo, this.now(), { totalCap: SPLIT_COUNT_CAP, splitTab: true, exactCount: true });
    return { items: result.hits.slice(offset).map((h) => h.conversation), total: result.total };
  }

  /** Every split tab's count, keyed by its view id. */
  counts(): ViewCounts {
    const counts: ViewCounts = {};
    for (const s of this.settings().savedSplits) counts[splitViewId(s.id)] = this.count(s.query);
    return counts;
  }

  /** Search's own sentences about a query that cannot be saved as a tab (none when it can). */
  problems(query: string): string[] {
    return searchProblems(searchStoreFor(this.parts.db), query, this.now());
  }

  private count(query: string): number {
    return countSplitTab(this.parts.db, searchStoreFor(this.parts.db), query, this.now(), SPLIT_COUNT_CAP);
  }

  private deps() {
    return { store: searchStoreFor(this.parts.db), conversations: this.parts.conversations };
  }

  private now(): Date {
    return new Date(this.parts.clock.now());
  }
}
