/**
 * Argument schemas for every InboxApi method: what main accepts from the renderer.
 * Tied to the contract at compile time, so a changed signature without a changed schema fails to build.
 */
import { z } from 'zod';
import { BUILTIN_VIEWS, type ViewId } from '../../shared/domain';
import type { InboxApi, InboxMethod, ShellApi, ShellMethod } from '../../shared/ipc';
import { LIMITS } from '../../shared/limits';
import { accountConfigSchema, accountNameSchema, apiKeySchema, idSchema as id, labelNameSchema, newAccountSchema as newAccount, settingsPatchSchema, snoozeNoteSchema } from '../../shared/schemas';

const viewId = z.custom<ViewId>(
  (v) => typeof v === 'string' && ((BUILTIN_VIEWS as readonly string[]).includes(v) || /^(account|label|search):[^\s]{1,200}$/.test(v)),
  { message: 'unknown view' },
);

const labelColor = z.string().max(LIMITS.labelColor);
const searchQuery = z.string().max(LIMITS.searchQuery);

const listQuery = z
  .object({
    view: viewId,
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(LIMITS.listPage).optional(),
  })
  .strict();

const snoozeRequest = z
  .object({ until: z.number().int().positive(), note: snoozeNoteSchema.nullable().optional(), cancelIfReply: z.boolean().optional() })
  .strict();

const followUpRequest = z
  .object({
    days: z.number().int().min(1, 'A follow-up is at least 1 day away.').max(LIMITS.followUpDays, `A follow-up can be at most ${LIMITS.followUpDays} days away.`).optional(),
    at: z.number().int().positive().optional(),
    weekdaysOnly: z.boolean().optional(),
  })
  .strict()
  .refine((r) => (r.days === undefined) !== (r.at === undefined), 'Say when to follow up: a number of days or a time, not both.');
/** A scheduled reply's time: an epoch-ms instant (the core says, in a sentence, when it is past or too far). */
const sendAtTime = z.number().int().positive();

const bulkAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('archive'), mode: z.enum(['smart', 'forever']).optional() }).strict(),
  z.object({ kind: z.literal('unarchive') }).strict(),
  z.object({ kind: z.literal('markRead') }).strict(),
  z.object({ kind: z.literal('markUnread') }).strict(),
  z.object({ kind: z.literal('snooze'), request: snoozeRequest }).strict(),
  z.object({ kind: z.literal('unsnooze') }).strict(),
]);

type ArgsOf<M extends InboxMethod> = Parameters<InboxApi[M]>;

export const ARG_SCHEMAS = {
  listAccounts: z.tuple([]),
  addAccount: z.tuple([newAccount]),
  testAccount: z.union([z.tuple([newAccount]), z.tuple([newAccount, id]), z.tuple([newAccount, z.undefined()])]),
  updateAccount: z.tuple([
    id,
    z.object({ name: accountNameSchema.optional(), config: accountConfigSchema.optional(), apiKey: apiKeySchema.optional() }).strict(),
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
  createLabel: z.union([z.tuple([labelNameSchema]), z.tuple([labelNameSchema, labelColor]), z.tuple([labelNameSchema, z.undefined()])]),
  updateLabel: z.tuple([
    id,
    z
      .object({
        name: labelNameSchema.optional(),
        color: labelColor.optional(),
        pinned: z.boolean().optional(),
        followUpDays: z.number().int().min(1).max(LIMITS.followUpDays, `A label's follow-up can be at most ${LIMITS.followUpDays} days.`).nullable().optional(),
      })
      .strict(),
  ]),
  deleteLabel: z.tuple([id]),
  setLabels: z.tuple([z.array(id).min(1).max(LIMITS.bulk), z.array(id).max(LIMITS.labelsPerChange), z.array(id).max(LIMITS.labelsPerChange)]),
  snooze: z.tuple([id, snoozeRequest]),
  unsnooze: z.tuple([id]),
  parseSnoozeTime: z.tuple([z.string().min(1).max(LIMITS.snoozeTime)]),
  clearReminder: z.tuple([id]),
  undo: z.tuple([]),
  setActiveConversation: z.tuple([id.nullable()]),
  sendReply: z.union([z.tuple([id, z.string().max(LIMITS.draft)]), z.tuple([id, z.string().max(LIMITS.draft), followUpRequest.nullable().optional()])]),
  clearFollowUp: z.tuple([id]),
  retrySend: z.tuple([id]),
  discardSend: z.tuple([id]),
  scheduleReply: z.tuple([id, z.string().max(LIMITS.draft), sendAtTime]),
  listScheduled: z.tuple([]),
  editScheduled: z.tuple([id, z.object({ text: z.string().max(LIMITS.draft).optional(), sendAt: sendAtTime.optional() }).strict()]),
  sendScheduledNow: z.tuple([id]),
  cancelScheduled: z.tuple([id]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([settingsPatchSchema]),
  syncNow: z.union([z.tuple([]), z.tuple([id]), z.tuple([z.undefined()])]),
  bulk: z.tuple([z.array(id).min(1).max(LIMITS.bulk), bulkAction]),
  search: z.union([z.tuple([searchQuery]), z.tuple([searchQuery, z.number().int().min(1).max(LIMITS.searchResults)]), z.tuple([searchQuery, z.undefined()])]),
  saveDraft: z.tuple([id, z.string().max(LIMITS.draft)]),
  saveNote: z.tuple([id, z.string().max(LIMITS.personNote)]),
  avatar: z.tuple([id]),
  openLink: z.tuple([z.string().min(1).max(LIMITS.link)]),
  keyStorage: z.tuple([]),
  useEncryptedKeyStorage: z.tuple([]),
  exportData: z.tuple([]),
  diagnoseAccount: z.tuple([id]),
  saveDiagnosis: z.tuple([id]),
} satisfies { [M in InboxMethod]: z.ZodType<ArgsOf<M>> };

/** Argument schemas for the shell's own methods (ShellApi). */
export const SHELL_ARG_SCHEMAS = {
  openLogsFolder: z.tuple([]),
} satisfies { [M in ShellMethod]: z.ZodType<Parameters<ShellApi[M]>> };
