/**
 * Which conversation belongs to which view, written once. Each view (and each `is:` value of
 * search) is a rule: a list of conditions on a conversation's own fields, all required. The
 * core turns a rule into SQL (src/main/core/store/view-sql.ts: lists, counts, search filters);
 * the renderer evaluates the same rule in memory (ruleHolds) for its optimistic updates. A
 * new view or a changed one is one edit here, and both sides follow.
 */
import type { BuiltinView, ConversationSummary, ViewId } from './domain';

/** One fact about a conversation that a view can require. */
export type ViewCondition =
  | { field: 'archived'; is: boolean }
  | { field: 'snoozed'; is: boolean }
  /** Whether the newest message is mine (false: they wrote last, it needs a reply). */
  | { field: 'lastFromMe'; is: boolean }
  | { field: 'unread'; is: boolean }
  /** Whether it holds a reply of mine scheduled to send later, still to go. */
  | { field: 'scheduled'; is: boolean }
  | { field: 'account'; id: string }
  | { field: 'label'; id: string }
  /** Whether a follow-up reminder is waiting for their reply. */
  | { field: 'followUp'; is: boolean };

/** Conditions that must all hold; an empty rule holds for every conversation. */
export type ViewRule = readonly ViewCondition[];

/** In the inbox: neither archived nor snoozed. */
export const IN_INBOX: ViewRule = [
  { field: 'archived', is: false },
  { field: 'snoozed', is: false },
];

/** The rule of each built-in view. */
export const BUILTIN_VIEW_RULES: Readonly<Record<BuiltinView, ViewRule>> = {
  inbox: IN_INBOX,
  'needs-reply': [...IN_INBOX, { field: 'lastFromMe', is: false }],
  waiting: [...IN_INBOX, { field: 'lastFromMe', is: true }],
  unread: [...IN_INBOX, { field: 'unread', is: true }],
  snoozed: [{ field: 'snoozed', is: true }],
  archived: [{ field: 'archived', is: true }],
  all: [],
};

/** The values search's `is:` operator knows. */
export const SEARCH_IS_VALUES = ['unread', 'read', 'snoozed', 'archived', 'inbox', 'followup', 'scheduled'] as const;
export type SearchIsValue = (typeof SEARCH_IS_VALUES)[number];

/** The rule of each `is:` value (is:inbox is the inbox view). */
export const SEARCH_IS_RULES: Readonly<Record<SearchIsValue, ViewRule>> = {
  unread: [{ field: 'unread', is: true }],
  read: [{ field: 'unread', is: false }],
  snoozed: [{ field: 'snoozed', is: true }],
  archived: [{ field: 'archived', is: true }],
  inbox: IN_INBOX,
  followup: [{ field: 'followUp', is: true }],
  scheduled: [{ field: 'scheduled', is: true }],
};

/** The rule of a view: a built-in one, an account's inbox or a label's split inbox; null for an id that names no view. */
export function viewRule(view: ViewId): ViewRule | null {
  if (view.startsWith('account:')) return [...IN_INBOX, { field: 'account', id: view.slice('account:'.length) }];
  if (view.startsWith('label:')) return [...IN_INBOX, { field: 'label', id: view.slice('label:'.length) }];
  return Object.hasOwn(BUILTIN_VIEW_RULES, view) ? BUILTIN_VIEW_RULES[view as BuiltinView] : null;
}

/** Whether one condition holds for a conversation as the renderer holds it. */
export function conditionHolds(condition: ViewCondition, c: ConversationSummary): boolean {
  switch (condition.field) {
    case 'archived':
      return (c.archived !== null) === condition.is;
    case 'snoozed':
      return (c.snoozedUntil !== null) === condition.is;
    case 'lastFromMe':
      return c.lastFromMe === condition.is;
    case 'unread':
      return c.unreadCount > 0 === condition.is;
    case 'scheduled':
      return c.scheduledCount > 0 === condition.is;
    case 'account':
      return c.accountId === condition.id;
    case 'label':
      return c.labels.some((l) => l.id === condition.id);
    case 'followUp':
      return (c.followUp != null) === condition.is;
  }
}

/** Whether every condition of a rule holds for a conversation. */
export function ruleHolds(rule: ViewRule, c: ConversationSummary): boolean {
  return rule.every((condition) => conditionHolds(condition, c));
}
