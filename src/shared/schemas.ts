/**
 * The shapes every layer checks, as zod schemas built on the shared limits (./limits.ts): settings,
 * snippets and new accounts. Main's IPC validation, the preferences file (as JSON schema) and the
 * core's settings rules use these, and the renderer's forms stop at the same limits, so a value one
 * layer takes, all take (test/core/limits-one-source.test.ts).
 * zod is the one package src/shared may import (it has no DOM or Node dependency).
 */
import { z } from 'zod';
import { checkKeymap, normalizeKeys } from './active-keymap';
import type { Command } from './keymap';
import { LIMITS } from './limits';
import { AFTER_TRIAGE_CHOICES, DENSITY_CHOICES, KEYMAP_PRESETS, LIST_WIDTH_MAX, LIST_WIDTH_MIN, POLL_INTERVAL_CHOICES, THEME_CHOICES, UNDO_SEND_CHOICES } from './settings';
import type { AccountConfig, AppSettings, KeymapSetting, NewAccount, ProviderKind, SavedSplit, Snippet } from './domain';

/** Any id the renderer sends. */
export const idSchema = z.string().min(1).max(LIMITS.id);

/** A saved reply as stored and sent: a trimmed, non-empty name and a non-empty body no longer than a reply. */
export const snippetSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1, 'Give every snippet a name.').max(LIMITS.snippetName, `A snippet name can be at most ${LIMITS.snippetName} characters.`),
    body: z.string().min(1).max(LIMITS.reply, `A snippet can be at most ${LIMITS.reply.toLocaleString('en')} characters, like a reply.`),
  })
  .strict();

/** A search saved as a split tab: a trimmed, non-empty name and the query as typed (checked by the core's search). */
export const savedSplitSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1, 'Give every split tab a name.').max(LIMITS.splitName, `A split tab's name can be at most ${LIMITS.splitName} characters.`),
    query: z.string().trim().min(1, 'A split tab needs a search to show; type one first.').max(LIMITS.searchQuery, `A saved search can be at most ${LIMITS.searchQuery.toLocaleString('en')} characters.`),
  })
  .strict();

/**
 * The keymap setting as every layer checks it (IPC, the preferences file, the core): keys normalised,
 * then checkKeymap. Here, not beside checkKeymap in active-keymap.ts, because the renderer imports
 * that file and never validates with zod: a schema built at import time there put all of zod into the
 * window's bundle, parsed before its first row.
 */
export const keymapSettingSchema = z
  .object({
    preset: z.enum(KEYMAP_PRESETS, `The keymap preset can be ${KEYMAP_PRESETS.join(', ')}.`),
    overrides: z.record(z.string().max(LIMITS.id), z.array(z.string().max(LIMITS.keyText)).max(LIMITS.keysPerCommand)),
  })
  .strict()
  .superRefine((value, ctx) => {
    const problem = checkKeymap(value as KeymapSetting);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value): KeymapSetting => {
    const overrides: Partial<Record<Command, string[]>> = {};
    for (const [command, keys] of Object.entries(value.overrides)) overrides[command as Command] = [...new Set(keys.map((k) => (normalizeKeys(k) as { keys: string }).keys))];
    return { preset: value.preset, overrides };
  });

/**
 * One schema per setting, with the sentence the person reads when a value is refused. The core
 * reads stored settings field by field with these (a bad field falls back to its default).
 */
export const SETTING_SCHEMAS = {
  pollIntervalMinutes: z.literal(POLL_INTERVAL_CHOICES, `Check for new messages every ${POLL_INTERVAL_CHOICES.join(', ')} minutes.`),
  sendReadReceipts: z.boolean(),
  undoSendSeconds: z.literal(UNDO_SEND_CHOICES, `The undo window for sending can be ${UNDO_SEND_CHOICES.join(', ')} seconds.`),
  doNotDisturb: z.boolean(),
  mutedAccountIds: z.array(idSchema).max(LIMITS.mutedAccounts),
  closeToTray: z.boolean(),
  snippets: z.array(snippetSchema).max(LIMITS.snippets, `You can keep at most ${LIMITS.snippets} snippets; remove some first.`),
  afterTriage: z.enum(AFTER_TRIAGE_CHOICES, 'After archiving in a thread, open the next one, the previous one, or go back to the list.'),
  density: z.enum(DENSITY_CHOICES, 'Rows can be comfortable or compact.'),
  theme: z.enum(THEME_CHOICES, 'The theme can follow the system, or be light or dark.'),
  listWidth: z
    .number()
    .int()
    .min(LIST_WIDTH_MIN, `The list can be ${LIST_WIDTH_MIN} to ${LIST_WIDTH_MAX} pixels wide.`)
    .max(LIST_WIDTH_MAX, `The list can be ${LIST_WIDTH_MIN} to ${LIST_WIDTH_MAX} pixels wide.`)
    .nullable(),
  keymap: keymapSettingSchema,
  savedSplits: z.array(savedSplitSchema).max(LIMITS.savedSplits, `You can keep at most ${LIMITS.savedSplits} split tabs; remove some first.`),
} satisfies { [K in keyof AppSettings]-?: z.ZodType<AppSettings[K]> };

/** Every setting, as the core keeps them. */
export const settingsSchema = z.object(SETTING_SCHEMAS).strict();
/** A change of some settings (what Settings sends, and what the preferences file holds). */
export const settingsPatchSchema = settingsSchema.partial();

export const PROVIDER_KINDS = ['reactin', 'linkup', 'connectsafely', 'crispy', 'demo'] as const satisfies readonly ProviderKind[];

const accountSetting = z.string().max(LIMITS.accountSetting);
const address = z.string().max(LIMITS.url);

/** An account's non-secret settings as typed (the core trims them and checks what each provider needs). */
export const accountConfigSchema = z
  .object({
    organizationId: accountSetting.optional(),
    linkedinAccountId: accountSetting.optional(),
    accountId: accountSetting.optional(),
    selfUserId: accountSetting.optional(),
    selfProfileUrl: address.optional(),
    baseUrl: address.optional(),
    messagesPerDay: z.string().max(LIMITS.dailyCapText).optional(),
  })
  .strict() satisfies z.ZodType<AccountConfig>;

export const accountNameSchema = z.string().min(1, 'Give the account a name.').max(LIMITS.accountName, `An account name can be at most ${LIMITS.accountName} characters.`);
export const apiKeySchema = z.string().max(LIMITS.apiKey, `An API key can be at most ${LIMITS.apiKey.toLocaleString('en')} characters; check that only the key was pasted.`);

/** What the person types to add an account. */
export const newAccountSchema = z
  .object({ provider: z.enum(PROVIDER_KINDS), name: accountNameSchema, config: accountConfigSchema, apiKey: apiKeySchema.optional() })
  .strict() satisfies z.ZodType<NewAccount>;

export const labelNameSchema = z.string().trim().max(LIMITS.labelName, `A label name can be at most ${LIMITS.labelName} characters.`);
export const snoozeNoteSchema = z.string().trim().max(LIMITS.snoozeNote, `A snooze note can be at most ${LIMITS.snoozeNote} characters.`);

export type { SavedSplit, Snippet };
