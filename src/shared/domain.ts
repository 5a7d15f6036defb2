/**
 * Domain types shared by the core, the shell and the renderer.
 * Plain data only: everything here crosses the IPC boundary as structured-clone data.
 */
import type { ProviderKind } from './accounts';

/**
 * The name a participant gets when the provider gave none (providers/sanitize.ts and the adapters'
 * maps). It names nobody, so nothing personal (a snippet's {firstName}) is taken from it.
 */
export const UNKNOWN_PARTICIPANT_NAME = 'LinkedIn member';

export interface Participant {
  /** As the provider gave it, cleaned; UNKNOWN_PARTICIPANT_NAME when it gave none. */
  name: string;
  headline: string | null;
  company: string | null;
  avatarUrl: string | null;
  profileUrl: string | null;
}

/** Built-in views; labels, accounts and saved searches are views too (`label:<id>`, `account:<id>`, `search:<id>`). */
export type BuiltinView = 'inbox' | 'needs-reply' | 'waiting' | 'unread' | 'snoozed' | 'archived' | 'all';
export const BUILTIN_VIEWS: readonly BuiltinView[] = ['inbox', 'needs-reply', 'waiting', 'unread', 'snoozed', 'archived', 'all'];
export type ViewId = BuiltinView | `account:${string}` | `label:${string}` | `search:${string}`;

export const VIEW_TITLES: Record<BuiltinView, string> = {
  inbox: 'Inbox',
  'needs-reply': 'Needs reply',
  waiting: 'Waiting',
  unread: 'Unread',
  snoozed: 'Snoozed',
  archived: 'Archived',
  all: 'All',
};

/** A label: a split inbox when pinned. Names are unique, case-insensitively. */
export interface Label {
  id: string;
  name: string;
  /** A colour from LABEL_COLORS. */
  color: string;
  /** Shown as a tab above the list (a split inbox). */
  pinned: boolean;
  /** Conversations carrying it that are in the inbox (not archived, not snoozed). */
  inboxCount: number;
  /** "Follow up after N days" for replies sent in its conversations (null or absent: none). */
  followUpDays?: number | null;
}

export const LABEL_COLORS = ['slate', 'red', 'orange', 'amber', 'green', 'teal', 'blue', 'indigo', 'violet', 'pink'] as const;
export type LabelColor = (typeof LABEL_COLORS)[number];

export interface LabelPatch {
  name?: string;
  color?: string;
  pinned?: boolean;
  /** A default follow-up, in days, for replies in its conversations; null removes it. */
  followUpDays?: number | null;
}

/**
 * "Remind me if no reply", as the person asked for it when sending: in N calendar days (the same
 * local hour) or at an absolute instant; `weekdaysOnly` moves a Saturday or Sunday to Monday.
 */
export interface FollowUpRequest {
  days?: number;
  at?: number;
  weekdaysOnly?: boolean;
}

/** A pending follow-up reminder: the conversation comes back at `dueAt` unless they reply first. */
export interface FollowUp {
  /** Epoch ms. */
  dueAt: number;
  /** When it was set (epoch ms). */
  createdAt: number;
  weekdaysOnly: boolean;
}

/** A snooze as the person asked for it. `until` is an absolute instant (epoch ms, UTC). */
export interface SnoozeRequest {
  until: number;
  note?: string | null;
  /** Wake it early if they reply before then. */
  cancelIfReply?: boolean;
}

/** A snooze that came due: the conversation is back on top, marked as a reminder. */
export interface Reminder {
  /** When it came due (epoch ms). */
  at: number;
  note: string | null;
}

/** What `z` undid, for the person to read. */
export interface UndoResult {
  description: string;
  /** A reply whose sending was cancelled: put it back in that conversation's composer. */
  draft?: { conversationId: string; text: string };
}

/** What a triage action says back, e.g. that it stayed in this app only. */
export interface TriageResult {
  notice: string | null;
}

export type ArchiveMode = 'smart' | 'forever';

/** One row of the conversation list. */
export interface ConversationSummary {
  id: string;
  accountId: string;
  accountName: string;
  provider: ProviderKind;
  title: string;
  participant: Participant;
  lastMessageText: string;
  /** Epoch ms. */
  lastMessageAt: number;
  lastFromMe: boolean;
  unreadCount: number;
  archived: ArchiveMode | null;
  /** Epoch ms until which it is snoozed, or null. */
  snoozedUntil: number | null;
  snoozeNote: string | null;
  /** Set when a snooze came due and the person has not opened it since. */
  reminder: Reminder | null;
  /** A follow-up reminder waiting for their reply (absent or null: none). */
  followUp?: FollowUp | null;
  labels: { id: string; name: string; color: string }[];
  disconnected: boolean;
  /** There is a note on this conversation's person (`n`); absent where not read. */
  hasNote?: boolean;
  /** Replies of mine not yet delivered (a scheduled one only once its time has come). */
  pendingCount: number;
  failedCount: number;
  /** Replies of mine scheduled to send later, still to go. */
  scheduledCount: number;
}

export type MessageStatus = 'sent' | 'pending' | 'failed';

export interface Message {
  id: string;
  conversationId: string;
  text: string;
  /** Epoch ms. */
  sentAt: number;
  fromMe: boolean;
  senderName: string;
  status: MessageStatus;
  /** Why delivery failed, as a sentence, when status is 'failed'. */
  error: string | null;
  /** A scheduled reply not yet sent: the time it goes (epoch ms). */
  scheduledFor?: number;
}

/** A reply scheduled to go later ("send later"), as the Scheduled view lists it. */
export interface ScheduledReply {
  messageId: string;
  conversationId: string;
  /** Who it goes to. */
  name: string;
  accountName: string;
  text: string;
  /** The time the person chose (epoch ms). */
  sendAt: number;
  /** Waiting for its time (or the next day's budget), being sent right now, or failed. */
  state: 'waiting' | 'sending' | 'failed';
  /** Why it waits past its time or failed, as a sentence (a daily cap), or null. */
  note: string | null;
}

export interface ComposerState {
  enabled: boolean;
  /** Why the composer is disabled, e.g. the LinkedIn account is disconnected. */
  reason: string | null;
}

/**
 * A window of a thread, oldest first, bounded in count and bytes (THREAD_PAGE_*): how many
 * messages lie before and after it tells the renderer whether there is more to load.
 */
export interface ThreadPage {
  messages: Message[];
  /** Messages older than the first one here. */
  olderCount: number;
  /** Messages newer than the last one here (0 when the page reaches the newest). */
  newerCount: number;
}

/** Which page of a thread: the newest (no field), the one before or after a message, or the one around it. */
export interface ThreadPageRequest {
  before?: string;
  after?: string;
  around?: string;
}

/** At most this many messages in one page of a thread. */
export const THREAD_PAGE_MESSAGES = 100;
/** At most this many bytes (UTF-8 of texts and names) in one page of a thread, unless one message alone is larger. */
export const THREAD_PAGE_BYTES = 512 * 1024;

export interface Thread extends ThreadPage {
  conversation: ConversationSummary;
  composer: ComposerState;
  /** What the person was writing here and has not sent (kept across restarts); '' when nothing. */
  draft: string;
  /** The note on the person of this conversation (shared by every conversation with them), or null when there is none. */
  note?: PersonNote | null;
}

/**
 * A note on a person: one per person, not per conversation. The same person is the same LinkedIn
 * profile URL (normalized) on any account; without a profile URL, the provider's participant id
 * within one account.
 */
export interface PersonNote {
  text: string;
  /** Epoch ms of the last edit. */
  updatedAt: number;
  /** The person's name as last seen. */
  personName: string;
  /** How the person is recognised: by their profile (any account) or by the provider's id (this account only). */
  identity: 'profile' | 'account';
}

export interface ConversationPage {
  items: ConversationSummary[];
  total: number;
}

export type ViewCounts = Record<string, number>;

/** Why the renderer should refresh: which parts of the data changed. */
export interface ChangeEvent {
  accounts?: boolean;
  conversations?: string[] | 'all';
  settings?: boolean;
  labels?: boolean;
  /** A sentence for the person about something that happened in the background. */
  notice?: string;
  /** Replies scheduled to send later changed (scheduled, edited, cancelled, sent or failed). */
  scheduled?: boolean;
  /** Every view's count right after the change (sent after a triage action), so the window need not ask again. */
  counts?: ViewCounts;
}

export * from './accounts';
export * from './settings';

/** A triage action applied to several conversations at once (one undo step for all of them). */
export type BulkAction =
  | { kind: 'archive'; mode?: ArchiveMode }
  | { kind: 'unarchive' }
  | { kind: 'markRead' }
  | { kind: 'markUnread' }
  | { kind: 'snooze'; request: SnoozeRequest }
  | { kind: 'unsnooze' };

/** Text with the parts that matched a search marked. Plain strings, never markup. */
export type Highlighted = { text: string; match: boolean }[];

/** One conversation a search found, with the best place it matched. */
export interface SearchHit {
  conversation: ConversationSummary;
  /**
   * The message to open at (opening jumps to it): the newest one holding the words and passing
   * from:, before: and after:, whichever were given. Null when the conversation matched as a
   * whole: on a name, headline or company without those operators, or on is:/label:/account: only.
   */
  messageId: string | null;
  /** Where the words matched (a person's field wins: it covers the whole conversation); null without words. */
  field: 'message' | 'name' | 'headline' | 'company' | 'note' | null;
  /** An excerpt around the match, or the matched field; without words, the start of that message or of the last one. */
  snippet: Highlighted;
  /** When the message of messageId was sent, else the conversation's last message (epoch ms). */
  at: number;
}

/** A search counts matching conversations up to this many; `total` equal to it means "this many or more". */
export const SEARCH_TOTAL_CAP = 500;

export interface SearchResult {
  /** One per conversation, newest match first. Archived and snoozed conversations are included. */
  hits: SearchHit[];
  /** How many conversations match in all, counted up to 500 (hits may be fewer: the limit). */
  total: number;
  /** `total` or more match: the count reached 500, or stopped early once the hits were certain (counting on would have cost more than finding them). */
  atLeast: boolean;
  /** Sentences about operators that were not understood and were left out, e.g. an unknown label. */
  problems: string[];
}

/**
 * What happened to a link the person clicked: opened in the browser, or refused with why.
 * `copied`: main put the refused link on the clipboard (only ever a parsed http(s) address),
 * so the person can paste it into their browser if they trust it.
 */
export type LinkVerdict = { opened: true } | { opened: false; reason: string; copied: boolean };

/** Where API keys are kept, as the person is told in Settings. */
export interface KeyStorageStatus {
  /** 'keychain': the OS keychain; 'encrypted-file': Electron safeStorage in the data folder; 'none': keys cannot be stored. */
  backend: 'keychain' | 'encrypted-file' | 'none';
  /** Which backend holds the keys, for the person, e.g. "GNOME Keyring (Secret Service)" or "macOS Keychain". */
  description: string;
  /** Why keys cannot be stored in the keychain right now (no Secret Service, a locked keychain), or null. */
  problem: string | null;
  /** The encrypted fallback can be switched on: offered only when safeStorage is not the plain-text backend. */
  fallbackOffered: boolean;
}

/** What an export wrote. */
export interface ExportSummary {
  path: string;
  conversations: number;
  messages: number;
  labels: number;
}
