/** The store's starting state and the sizes it pages and keeps by. */
import { LIMITS } from '../../../shared/limits';
import type { InboxState } from './types';

/** How many rows are fetched at a time; more are fetched as the selection nears the end. */
export const PAGE_SIZE = 200;
/** Profile pictures the window keeps (data: URLs of up to 512 KB): a few screens of rows. */
export const AVATARS_KEPT = 300;
/** Search results asked for per keystroke: a screenful and more; the status line says how many match in all. */
export const SEARCH_PAGE = LIMITS.searchResultsDefault;
/** The most results one search answers with (the IPC contract's limit). */
export const MAX_SEARCH_LIMIT = LIMITS.searchResults;
/** The most rows the core returns in one answer (its listConversations limit). */
export const LIST_PAGE_MAX = 1000;

/** A draft is saved this long after typing stops. */
export const DRAFT_SAVE_DELAY_MS = 400;

/** What the screen shows before anything is read from the core. */
export const initialState: InboxState = {
  loaded: false,
  accounts: [],
  counts: {},
  view: 'inbox',
  items: [],
  total: 0,
  listLoaded: false,
  limit: PAGE_SIZE,
  selectedId: null,
  openId: null,
  thread: null,
  threadError: null,
  drafts: {},
  composerErrors: {},
  sendingId: null,
  composerFocusFor: null,
  focusMessageId: null,
  snippetInsert: null,
  settingsOpen: false,
  settingsFocus: 'panel',
  notice: null,
  settled: {},
  syncingAll: false,
  settings: null,
  keyStorage: null,
  messageBusy: {},
  messageErrors: {},
  labels: [],
  toast: null,
  popover: null,
  checked: {},
  overlay: null,
  search: null,
  sendQuestion: null,
  noteEditing: null,
  noteError: null,
  demoOffer: null,
  scheduled: [],
};
