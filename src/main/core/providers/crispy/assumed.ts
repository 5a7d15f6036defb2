/**
 * ============================================================================================
 *  ASSUMED — verify with tools/list on a live account; one edit here corrects the adapter.
 * ============================================================================================
 *
 * crispy.md confirms Crispy's MCP server and the tools `list_conversations`, `get_messages` and
 * `send_message` by name (./api.ts). What it did NOT show, and the adapter therefore guesses,
 * is here and only here:
 *
 *   - the argument names beyond the confirmed `account_id`: the adapter reads them from each
 *     tool's input schema in tools/list when it connects; the lists below are the names it
 *     looks for there (first = used when the tool is not listed at all);
 *   - the page size, and paging itself (`cursor` → `next_cursor`);
 *   - the payload of each tool result (the JSON in its text block, or structuredContent), as
 *     alias lists: the FIRST name is the one we expect; the others are read too, so a live
 *     shape that differs a little still works; a shape with none of them is 'bad-response';
 *   - the words of a refused call: the REST error body, and the text of an isError result.
 *
 * How to verify: POST https://crispy.sh/api/mcp initialize, then {"jsonrpc":"2.0","id":2,
 * "method":"tools/list"} with `Authorization: Bearer crispy_…` and the `mcp-session-id` it
 * gave; read the input schemas of the three tools, call each once and compare the fields below.
 * Confirmed facts (organize, mark-read, caps, headers, tool names) are in ./api.ts.
 */

/**
 * Argument names looked for in a tool's input schema. The conversation id is `conversation_id`
 * in Crispy's skill file for get_messages / send_message and `chat_id` on its organize / read
 * pages (crispy.md §11): whichever tools/list declares is used.
 */
export const ASSUMED_TOOL_ARGS = {
  conversationId: ['conversation_id', 'chat_id', 'conversationId', 'chatId', 'thread_id'],
  text: ['text', 'message', 'body', 'content'],
  limit: ['limit', 'page_size', 'count'],
  cursor: ['cursor', 'page_token', 'after'],
} as const;

/**
 * The text of a tool result flagged isError is Crispy's own (unconfirmed, crispy.md §5): these
 * decide what kind of failure it is. Unmatched text is a retryable server-side failure.
 */
export const ASSUMED_TOOL_ERRORS = {
  /** Refused for its arguments (an unknown or missing one): tools/list is read again. */
  badArgument: /unknown (argument|parameter|property)|unexpected (argument|parameter|property|key)|unrecognized (argument|parameter|key)|additional propert|missing required|required (argument|parameter|property)|invalid arguments/i,
  dailyCap: /daily|limit[_ ]reached|safety[_ ]limit|per day/i,
  scope: /scope|full_access|not permitted|not allowed/i,
  auth: /unauthori[sz]ed|api key|invalid key|forbidden/i,
  notFound: /not[_ ]found|unknown (chat|conversation|account)|no such/i,
  /** A not-found about the account_id rather than the conversation. */
  account: /account/i,
  /** The request itself was refused (bad value). */
  refused: /invalid|must be|too long|too short|empty/i,
} as const;

/** Page sizes of list_conversations / get_messages. ASSUMED: the largest page and the one served when no limit is given. */
export const ASSUMED_PAGE = { maxLimit: 50, defaultLimit: 25 } as const;

/**
 * Tool payload field names, first = expected, the rest read too. Times may be ISO strings or
 * epoch seconds / milliseconds.
 */
export const ASSUMED_FIELDS = {
  /** A one-level wrapper around any response body, e.g. `{ data: { conversations: [...] } }`. */
  envelope: ['data', 'result'],
  /** list_conversations → `{ conversations: [...], next_cursor }` (a bare array is read too). */
  conversationList: ['conversations', 'items', 'results'],
  /** get_messages → `{ messages: [...], next_cursor }`. */
  messageList: ['messages', 'items', 'results'],
  /** list_conversation_labels → `{ labels: [...] }`, each a string or an object (see `label`). */
  labelList: ['labels', 'items', 'results'],
  /** The next page's cursor; null / empty / missing = last page. */
  nextCursor: ['next_cursor', 'nextCursor'],
  /** `has_more: false` also ends paging. */
  hasMore: ['has_more', 'hasMore'],
  /** send_message → `{ message: {...} }` (a bare message is read too). */
  sentMessage: ['message', 'item', 'result'],

  conversation: {
    id: ['chat_id', 'id', 'conversation_id'],
    name: ['name', 'title'],
    /** The other people: a list, or one object (`participant`); the shape is unconfirmed (issue 14). */
    participants: ['participants', 'attendees', 'participant'],
    lastMessage: ['last_message', 'lastMessage', 'latest_message'],
    /** A count; a boolean is read as 1 / 0. */
    unread: ['unread_count', 'unreadCount', 'unread'],
    /** The "whose turn" flag crispy.md §7 mentions: true = they wrote last. */
    yourTurn: ['your_turn', 'yourTurn', 'is_your_turn', 'needs_reply'],
    /** Strings, or objects with a `name` / `label`. */
    labels: ['labels', 'tags'],
    archived: ['archived', 'is_archived'],
    smartArchived: ['smart_archived', 'smartArchived'],
    snoozedUntil: ['snoozed_until', 'snoozedUntil', 'snooze_until'],
  },
  participant: {
    id: ['id', 'profile_id', 'member_id', 'provider_id'],
    name: ['name', 'full_name'],
    /** When there is no whole name, first and last name are joined. */
    firstName: ['first_name', 'firstName'],
    lastName: ['last_name', 'lastName'],
    headline: ['headline', 'occupation'],
    company: ['company', 'company_name'],
    profileUrl: ['profile_url', 'linkedin_url', 'public_profile_url', 'url'],
    avatarUrl: ['avatar_url', 'picture_url', 'profile_picture_url'],
  },
  message: {
    id: ['id', 'message_id'],
    text: ['text', 'body', 'content'],
    sentAt: ['sent_at', 'timestamp', 'created_at', 'date'],
    senderId: ['sender_id', 'from_id', 'author_id'],
    fromMe: ['from_me', 'is_from_me', 'is_me', 'is_sender', 'outgoing'],
  },
  label: {
    name: ['name', 'label'],
    count: ['count', 'usage_count', 'conversations'],
  },
} as const;

/**
 * The REST error body is unconfirmed (crispy.md §5). Read: `{ error: "text" }` (what Crispy's
 * MCP fixtures show, §11), `{ error: { code, message } }` and `{ message }`.
 */
export const ASSUMED_ERRORS = {
  /** Where the human-readable text may be, in `error` (when an object) or at the top level. */
  message: ['message', 'detail', 'error_description'],
  /** Where a machine code may be. */
  code: ['code', 'type'],
  /** A 429 whose code or text matches this is the daily cap, not a short-term limit. */
  dailyCap: /daily|limit[_ ]reached|safety[_ ]limit|per day/i,
  /** A 403 whose code or text matches this is about the key's scope (core / full_access). */
  scope: /scope|full_access|permission|not permitted|not allowed/i,
} as const;
