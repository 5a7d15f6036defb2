/**
 * Every length, count and page size the layers must agree on, in one place: the renderer's forms
 * stop typing here, main's IPC validation (src/main/ipc/schemas.ts) refuses past here, the
 * preferences file and the core check the same numbers. Change a limit here and every layer moves.
 */
export const LIMITS = {
  /** Any id the renderer sends (conversation, account, label, snippet, message). */
  id: 200,
  /** A reply, and a snippet's body (a snippet is inserted as a reply). */
  reply: 10_000,
  /** A draft may run past a reply's limit while being edited (the composer says so), up to twice it. */
  draft: 20_000,
  accountName: 100,
  /** An account setting that is an id (organization, LinkedIn account, provider account). */
  accountSetting: 500,
  /** A base URL or profile URL. */
  url: 2_000,
  apiKey: 4_000,
  /** ConnectSafely's messages-a-day field, as typed. */
  dailyCapText: 20,
  labelName: 60,
  /** A label colour's name (one of LABEL_COLORS). */
  labelColor: 20,
  /** Labels kept in total: enough for any split inbox, few enough that every label list and picker stays quick. */
  labels: 1_000,
  /** Labels added or removed in one change. */
  labelsPerChange: 100,
  snoozeNote: 500,
  /** A note on a person (shown in the thread header, searched, exported). */
  personNote: 4_000,
  /** What the person types as a snooze time ("tomorrow 9am"). */
  snoozeTime: 200,
  /** A follow-up reminder is 1 to this many days away (presets, a label's default). */
  followUpDays: 365,
  snippetName: 60,
  snippets: 100,
  /** Accounts whose notifications can be muted. */
  mutedAccounts: 100,
  /** The most conversations one bulk action (or label change) takes: select all picks at most this many. */
  bulk: 10_000,
  /** Conversations in one page of a list, when the caller names none, and at most. */
  listPageDefault: 100,
  listPage: 1_000,
  /** Search: characters of a query, hits when the caller names no limit, and at most. */
  searchQuery: 1_000,
  searchResultsDefault: 50,
  searchResults: 500,
  /** Keys one command can have in a keymap, and the characters of one key as written ('Mod+Shift+ArrowDown', 'g i'). */
  keysPerCommand: 4,
  keyText: 40,
  /** Commands the person can rebind at once (more than the keymap has, so new commands fit). */
  keymapOverrides: 200,
  /** Searches saved as split tabs, and a tab's name. */
  savedSplits: 50,
  splitName: 60,
  /** A link the person clicked. */
  link: 4_000,
} as const;

/** The public API each provider's adapter uses when an account sets no base URL. */
export const DEFAULT_BASE_URLS = {
  reactin: 'https://app.reactin.io/api',
  linkup: 'https://api.linkupapi.com/v2',
  connectsafely: 'https://api.connectsafely.ai/linkedin',
  crispy: 'https://crispy.sh/api/v1',
} as const;
