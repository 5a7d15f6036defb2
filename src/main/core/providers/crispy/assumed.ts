/**
 * ============================================================================================
 *  ASSUMED — verify with tools/list on a live account; one edit here corrects the adapter.
 * ============================================================================================
 *
 * crispy.md confirms the tools `list_conversations`, `get_messages`, `send_message` and
 * `list_conversation_labels` exist and that every tool has a REST endpoint under /api/v1, but
 * it did NOT show their REST paths, parameters, pagination, response fields or the REST error
 * body. Every such guess the Crispy adapter relies on is here, and only here:
 *
 *   - paths and HTTP methods of list / messages / send / labels;
 *   - query and body parameter names (limit, cursor, the send text field), the page size, and
 *     where `account_id` goes (GET: query string; POST: JSON body);
 *   - response field names, as alias lists: the FIRST name is the one we expect (and the one
 *     the test simulator serves); the others are read too, so a live shape that differs a
 *     little still works; a shape with none of them is reported as 'bad-response';
 *   - the REST error body and the words that mean "daily cap reached" / "scope too narrow".
 *
 * How to verify: POST https://crispy.sh/api/mcp {"jsonrpc":"2.0","id":1,"method":"tools/list"}
 * with the key, read the input schemas of the four tools, then call each REST path once with
 * `curl -H "Authorization: Bearer crispy_…"` and compare the fields below. The confirmed facts
 * (organize, mark-read, caps, headers) are in ./api.ts and need no such check.
 */

/** Path templates relative to the base URL (`{chat_id}` is filled URL-encoded). ASSUMED. */
export const ASSUMED_PATHS = {
  /** list_conversations → GET, newest activity first (ASSUMED order). */
  listConversations: '/inbox/conversations',
  /** get_messages → GET. */
  listMessages: '/inbox/conversations/{chat_id}/messages',
  /** send_message → POST. Chosen over `/messages/send`: REST-style, beside the confirmed /organize and /read. */
  sendMessage: '/inbox/conversations/{chat_id}/messages',
  /** list_conversation_labels → GET, most-used first. */
  listLabels: '/inbox/labels',
} as const;

/** Query / body parameter names. ASSUMED. */
export const ASSUMED_PARAMS = {
  /** Page size (query). */
  limit: 'limit',
  /** Opaque cursor from the previous page's `next_cursor` (query). */
  cursor: 'cursor',
  /** The message text in the send body. */
  sendText: 'text',
} as const;

/**
 * Where `account_id` (the confirmed optional selector) travels on REST. The organize docs list it
 * among the body parameters, so POSTs carry it in the JSON body; GETs have no body, so the query.
 */
export const ASSUMED_ACCOUNT_ID_IN: { readonly GET: 'query'; readonly POST: 'query' | 'body' } = { GET: 'query', POST: 'body' };

/** Page sizes. ASSUMED: the largest page Crispy serves and what it serves when no limit is given. */
export const ASSUMED_PAGE = { maxLimit: 50, defaultLimit: 25 } as const;

/**
 * Response field names, first = expected (and served by the simulator), the rest read too.
 * Times may be ISO strings or epoch seconds / milliseconds.
 */
export const ASSUMED_FIELDS = {
  /** A one-level wrapper around any response body, e.g. `{ data: { conversations: [...] } }`. */
  envelope: ['data', 'result'],
  /** GET list → `{ conversations: [...], next_cursor }` (a bare array is read too). */
  conversationList: ['conversations', 'items', 'results'],
  /** GET messages → `{ messages: [...], next_cursor }`. */
  messageList: ['messages', 'items', 'results'],
  /** GET labels → `{ labels: [...] }`, each a string or an object (see `label`). */
  labelList: ['labels', 'items', 'results'],
  /** The next page's cursor; null / empty / missing = last page. */
  nextCursor: ['next_cursor', 'nextCursor'],
  /** `has_more: false` also ends paging. */
  hasMore: ['has_more', 'hasMore'],
  /** POST send → `{ message: {...} }` (a bare message is read too). */
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
 * The REST error body is unconfirmed (crispy.md §5). Read: `{ error: "text" }`,
 * `{ error: { code, message } }` and `{ message }`. The simulator serves the second.
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
