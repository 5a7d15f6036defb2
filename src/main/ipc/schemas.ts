/**
 * Argument schemas for every InboxApi method: what main accepts from the renderer.
 * Tied to the contract at compile time, so a changed signature without a changed schema fails to build.
 */
import { z } from 'zod';
import { AFTER_TRIAGE_CHOICES, DENSITY_CHOICES, LIST_WIDTH_MAX, LIST_WIDTH_MIN, THEME_CHOICES, BUILTIN_VIEWS, MAX_BULK, MAX_REPLY_LENGTH, MAX_SNIPPET_NAME, MAX_SNIPPETS, type ViewId } from '../../shared/domain';
import type { InboxApi, InboxMethod } from '../../shared/ipc';

const id = z.string().min(1).max(200);
const shortText = z.string().max(500);

const viewId = z.custom<ViewId>(
  (v) => typeof v === 'string' && ((BUILTIN_VIEWS as readonly string[]).includes(v) || /^(account|label):[^\s]{1,200}$/.test(v)),
  { message: 'unknown view' },
);

const accountConfig = z
  .object({
    organizationId: shortText.optional(),
    linkedinAccountId: shortText.optional(),
    accountId: shortText.optional(),
    selfUserId: shortText.optional(),
    selfProfileUrl: z.string().max(2000).optional(),
    baseUrl: z.string().max(2000).optional(),
    messagesPerDay: z.string().max(20).optional(),
  })
  .strict();

const newAccount = z
  .object({
    provider: z.enum(['reactin', 'linkup', 'connectsafely', 'crispy', 'demo']),
    name: z.string().min(1).max(100),
    config: accountConfig,
    apiKey: z.string().max(4000).optional(),
  })
  .strict();

const listQuery = z
  .object({
    view: viewId,
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

const snoozeRequest = z
  .object({ until: z.number().int().positive(), note: z.string().max(2000).nullable().optional(), cancelIfReply: z.boolean().optional() })
  .strict();

const bulkAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('archive'), mode: z.enum(['smart', 'forever']).optional() }).strict(),
  z.object({ kind: z.literal('unarchive') }).strict(),
  z.object({ kind: z.literal('markRead') }).strict(),
  z.object({ kind: z.literal('markUnread') }).strict(),
  z.object({ kind: z.literal('snooze'), request: snoozeRequest }).strict(),
  z.object({ kind: z.literal('unsnooze') }).strict(),
]);

const snippet = z
  .object({ id, name: z.string().trim().min(1).max(MAX_SNIPPET_NAME), body: z.string().min(1).max(MAX_REPLY_LENGTH) })
  .strict();

type ArgsOf<M extends InboxMethod> = Parameters<InboxApi[M]>;

export const ARG_SCHEMAS = {
  listAccounts: z.tuple([]),
  addAccount: z.tuple([newAccount]),
  testAccount: z.union([z.tuple([newAccount]), z.tuple([newAccount, id]), z.tuple([newAccount, z.undefined()])]),
  updateAccount: z.tuple([
    id,
    z.object({ name: z.string().min(1).max(100).optional(), config: accountConfig.optional(), apiKey: z.string().max(4000).optional() }).strict(),
  ]),
  removeAccount: z.tuple([id]),
  demoOffer: z.tuple([]),
  answerDemoOffer: z.tuple([z.boolean()]),
  listConversations: z.tuple([listQuery]),
  viewCounts: z.tuple([]),
  openConversation: z.union([z.tuple([id]), z.tuple([id, z.object({ around: id.optional() }).strict()]), z.tuple([id, z.undefined()])]),
  threadPage: z.tuple([
    id,
    z
      .object({ before: id.optional(), after: id.optional(), around: id.optional() })
      .strict()
      .refine((r) => [r.before, r.after, r.around].filter((v) => v !== undefined).length === 1, 'Name exactly one of before, after or around.'),
  ]),
  archive: z.union([z.tuple([id]), z.tuple([id, z.enum(['smart', 'forever'])]), z.tuple([id, z.undefined()])]),
  unarchive: z.tuple([id]),
  markRead: z.tuple([id]),
  markUnread: z.tuple([id]),
  listLabels: z.tuple([]),
  createLabel: z.union([z.tuple([z.string().max(200)]), z.tuple([z.string().max(200), z.string().max(20)]), z.tuple([z.string().max(200), z.undefined()])]),
  updateLabel: z.tuple([id, z.object({ name: z.string().max(200).optional(), color: z.string().max(20).optional(), pinned: z.boolean().optional() }).strict()]),
  deleteLabel: z.tuple([id]),
  setLabels: z.tuple([z.array(id).min(1).max(MAX_BULK), z.array(id).max(100), z.array(id).max(100)]),
  snooze: z.tuple([id, snoozeRequest]),
  unsnooze: z.tuple([id]),
  parseSnoozeTime: z.tuple([z.string().min(1).max(200)]),
  clearReminder: z.tuple([id]),
  undo: z.tuple([]),
  setActiveConversation: z.tuple([id.nullable()]),
  sendReply: z.tuple([id, z.string().max(MAX_REPLY_LENGTH * 2)]),
  retrySend: z.tuple([id]),
  discardSend: z.tuple([id]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([
    z
      .object({
        pollIntervalMinutes: z.number().int().min(1).max(60).optional(),
        sendReadReceipts: z.boolean().optional(),
        undoSendSeconds: z.number().int().min(0).max(60).optional(),
        doNotDisturb: z.boolean().optional(),
        mutedAccountIds: z.array(id).max(100).optional(),
        closeToTray: z.boolean().optional(),
        snippets: z.array(snippet).max(MAX_SNIPPETS).optional(),
        afterTriage: z.enum(AFTER_TRIAGE_CHOICES).optional(),
        density: z.enum(DENSITY_CHOICES).optional(),
        theme: z.enum(THEME_CHOICES).optional(),
        listWidth: z.number().int().min(LIST_WIDTH_MIN).max(LIST_WIDTH_MAX).nullable().optional(),
      })
      .strict(),
  ]),
  syncNow: z.union([z.tuple([]), z.tuple([id]), z.tuple([z.undefined()])]),
  bulk: z.tuple([z.array(id).min(1).max(MAX_BULK), bulkAction]),
  search: z.union([z.tuple([z.string().max(1000)]), z.tuple([z.string().max(1000), z.number().int().min(1).max(500)]), z.tuple([z.string().max(1000), z.undefined()])]),
  saveDraft: z.tuple([id, z.string().max(MAX_REPLY_LENGTH * 2)]),
  avatar: z.tuple([id]),
  openLink: z.tuple([z.string().min(1).max(4000)]),
  keyStorage: z.tuple([]),
  useEncryptedKeyStorage: z.tuple([]),
  exportData: z.tuple([]),
  diagnoseAccount: z.tuple([id]),
  saveDiagnosis: z.tuple([id]),
} satisfies { [M in InboxMethod]: z.ZodType<ArgsOf<M>> };
