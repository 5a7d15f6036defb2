/**
 * Search (`/`), one folder, imported in one direction only:
 * - parse.ts: what the person typed, as words and operators (pure);
 * - fts.ts: the words as safe FTS5 match expressions (pure);
 * - name-words.ts: the words of people's names a short from: prefix stands for (the people index's vocabulary);
 * - excerpts.ts: marked FTS5 output as highlighted segments (pure);
 * - sql.ts: the filter a search resolves to and the SQL conditions plans are built from
 *   (is: uses the view rules of src/shared/views.ts, as lists and counts do);
 * - plans.ts: SearchStore, the SQL plans that find the newest matching conversations;
 * - stream.ts: the plan most word searches take, reading the message index newest first;
 * - top-hits.ts: the first page of hits the plans keep as they read;
 * - excerpt-index.ts: excerpts marked by FTS5 itself, on a temporary index of the shown texts;
 * - count.ts: what a search finds, counted without its hits (split tabs' counts);
 * - notes.ts: notes on people (plain words also find them; note: finds only them);
 * - run.ts: runSearch, which puts the hits together; countSplitTab and searchProblems for saved searches.
 */
export { SEARCH_TOTAL_CAP } from '../../../shared/domain';
export { EXCERPT_TOKENS, MARK_CLOSE, MARK_OPEN, plainExcerpt, stripMarkers, toHighlighted } from './excerpts';
export { matchExpression, MIN_MESSAGE_PREFIX, nameExpression } from './fts';
export { inInboxUnlessStated, IS_VALUES, isBlank, MAX_SEARCH_OPERATORS, parseDay, parseSearch, type IsValue, type ParsedSearch, type SearchTerm } from './parse';
export { SearchStore, searchStoreFor } from './plans';
export { countSplitTab, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, runSearch, searchProblems, type SearchDeps, type SearchOptions } from './run';
export type { FoundHit, SearchFilter } from './sql';
