/**
 * Argument schemas for every InboxApi method: what main accepts from the renderer.
 * Tied to the contract at compile time, so a changed signature without a changed schema fails to build.
 */
import { z } from 'zod';
import { BUILTIN_VIEWS, MAX_REPLY_LENGTH, type ViewId } from '../../shared/domain';
import type { InboxApi, InboxMethod } from '../../shared/ipc';

const id = z.string().min(1).max(200);
const shortText = z.string().max(500);

const viewId = z.custom<ViewId>(
  (v) => typeof v === 'string' && ((BUILTIN_VIEWS as readonly string[]).includes(v) || /^account:[^\s]{1,200}$/.test(v)),
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
  listConversations: z.tuple([listQuery]),
  viewCounts: z.tuple([]),
  openConversation: z.tuple([id]),
  archive: z.tuple([id]),
  unarchive: z.tuple([id]),
  sendReply: z.tuple([id, z.string().max(MAX_REPLY_LENGTH * 2)]),
  retrySend: z.tuple([id]),
  discardSend: z.tuple([id]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([z.object({ pollIntervalMinutes: z.number().int().min(1).max(60).optional() }).strict()]),
  syncNow: z.union([z.tuple([]), z.tuple([id]), z.tuple([z.undefined()])]),
} satisfies { [M in InboxMethod]: z.ZodType<ArgsOf<M>> };
