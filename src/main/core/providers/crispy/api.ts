/**
 * Crispy's facts that ARE confirmed by its own docs (crispy.md §1–3, §11): base URL, Bearer
 * auth, the MCP endpoint and the names of its messaging tools, the organize and mark-read REST
 * endpoints and their bodies, and the daily caps with their X-RateLimit-* headers. Everything
 * the docs did not show lives in ./assumed.ts. The test simulator states these facts itself
 * (it imports nothing from here), so a mistyped path or name fails a test.
 */
import { encodeSegment } from '../sanitize';
import { DEFAULT_BASE_URLS } from '../../../../shared/limits';

export const CRISPY_DEFAULT_BASE_URL = DEFAULT_BASE_URLS.crispy;

/** Keys start with this (crispy.md §2). Other keys are still tried: the prefix is a hint, not a rule. */
export const CRISPY_KEY_PREFIX = 'crispy_';

/**
 * The MCP endpoint (JSON-RPC 2.0 over Streamable HTTP): https://crispy.sh/api/mcp, beside the
 * REST base https://crispy.sh/api/v1; for another base URL, `mcp` beside its last segment.
 */
export function mcpUrlFor(baseUrl: string): string {
  return new URL('../mcp', `${baseUrl.replace(/\/+$/, '')}/`).toString();
}

/**
 * The MCP tools this app calls. list_conversations (account_id, limit), get_messages
 * (account_id, conversation id) and send_message (account_id, conversation id, text) are
 * confirmed by name (§3, issue 14); their REST paths are not, so they go over MCP.
 * list_conversation_labels is the seed documents' name (unconfirmed).
 */
export const CRISPY_TOOLS = {
  listConversations: 'list_conversations',
  getMessages: 'get_messages',
  sendMessage: 'send_message',
  listLabels: 'list_conversation_labels',
} as const;
export type CrispyToolKey = keyof typeof CRISPY_TOOLS;

/**
 * The optional account selector every tool accepts; omitted = the key's default LinkedIn account.
 * On REST it travels in the POST body (the organize docs list it among the body parameters).
 */
export const ACCOUNT_ID_PARAM = 'account_id';

/** Path templates relative to the base URL; `{chat_id}` is filled URL-encoded by `fillPath`. */
export const CONFIRMED_PATHS = {
  /** organize_conversation (§3.1). */
  organize: '/inbox/conversations/{chat_id}/organize',
  /** mark_chat_read (§3.2): idempotent. */
  read: '/inbox/conversations/{chat_id}/read',
} as const;

/** The `action` values organize_conversation accepts, one per call. */
export const ORGANIZE_ACTIONS = ['archive', 'unarchive', 'label', 'unlabel', 'snooze', 'smart_archive'] as const;
export type OrganizeAction = (typeof ORGANIZE_ACTIONS)[number];

/** The organize request body (§3.1). */
export interface OrganizeBody {
  action: OrganizeAction;
  /** label / unlabel: free text, created implicitly; unlabel needs the exact same text. */
  label?: string;
  /** snooze: ISO 8601, must be in the future. */
  snooze_until?: string;
  /** snooze only: stored for you, never sent to the contact. */
  note?: string;
  /** smart_archive only: the thread re-enters the inbox when the other person replies (default true). */
  return_on_reply?: boolean;
  account_id?: string;
}

/** What a counted call is, for the per-account daily caps (reset 00:00 UTC). */
export type CrispyCapAction = 'send' | 'organize' | 'read';

/** The per-LinkedIn-account daily caps; snooze and the other organize actions share one cap. */
export const CRISPY_DAILY_CAPS: Record<CrispyCapAction, { noun: string; limit: number }> = {
  send: { noun: 'messages sent', limit: 150 },
  organize: { noun: 'organize actions', limit: 200 },
  read: { noun: 'mark-as-read calls', limit: 200 },
};

/** Daily-limit headers (lower case, as Node reports them). Reset is Unix seconds at the next 00:00 UTC. */
export const RATE_LIMIT_HEADERS = {
  limit: 'x-ratelimit-limit',
  remaining: 'x-ratelimit-remaining',
  reset: 'x-ratelimit-reset',
} as const;

/** A path template with the chat id filled in, URL-encoded (ids are opaque strings). */
export function fillPath(template: string, chatId: string): string {
  return template.replace('{chat_id}', encodeSegment(chatId));
}
