/**
 * The settings a person chooses (Settings, the palette) and saved replies: their types, the choices
 * each offers and the defaults. Split from domain.ts, which re-exports all of it. Their zod
 * schemas are in ./schemas.ts; the lengths and counts in ./limits.ts.
 */
import type { Command } from './keymap';
import { LIMITS } from './limits';

export const MAX_REPLY_LENGTH = LIMITS.reply;

/** Settings the person chooses. Kept with the preferences (electron-store), never in the cache. */
export interface AppSettings {
  /** How often every account is checked for new messages. */
  pollIntervalMinutes: number;
  /** Tell the provider when a conversation is read (ConnectSafely shows the contact a read receipt). */
  sendReadReceipts: boolean;
  /** Seconds a reply waits before it is sent, so it can be undone. 0 sends at once. */
  undoSendSeconds: number;
  /** Do not disturb: no notifications at all. */
  doNotDisturb: boolean;
  /** Accounts whose new messages do not notify (snooze reminders still do). */
  mutedAccountIds: string[];
  /** Closing the window keeps the app running in the tray. */
  closeToTray: boolean;
  /** Saved replies inserted from the palette; `{firstName}` and `{company}` are filled in. */
  snippets: Snippet[];
  /** In an open thread, where an action that takes the conversation out of the view goes next. */
  afterTriage: AfterTriage;
  /** Row height in the conversation list: comfortable (two lines) or compact (one line). */
  density: Density;
  /** Light, dark, or whatever the operating system uses. */
  theme: ThemeChoice;
  /** Width of the conversation list in CSS pixels while a thread is open (the divider); null: the layout's default. */
  listWidth: number | null;
  /** The keys: a preset (today's Superhuman-like map, Kondo's or Gmail's) and the person's own rebindings over it. */
  keymap: KeymapSetting;
  /** Searches saved as split tabs, in the order their tabs show (Settings → Split tabs). */
  savedSplits: SavedSplit[];
}

/** The keymap presets. 'superhuman' is the map the app has always had (Superhuman's keys, which Kondo shares). */
export const KEYMAP_PRESETS = ['superhuman', 'kondo', 'gmail'] as const;
export type KeymapPreset = (typeof KEYMAP_PRESETS)[number];
/** A preset, and the commands the person rebound: their keys replace the preset's ([] leaves a command palette-only). */
export interface KeymapSetting {
  preset: KeymapPreset;
  overrides: Partial<Record<Command, string[]>>;
}

export const AFTER_TRIAGE_CHOICES = ['next', 'previous', 'list'] as const;
export type AfterTriage = (typeof AFTER_TRIAGE_CHOICES)[number];
export const DENSITY_CHOICES = ['comfortable', 'compact'] as const;
export type Density = (typeof DENSITY_CHOICES)[number];
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
/** The divider keeps the list between these widths (CSS pixels). */
export const LIST_WIDTH_MIN = 280;
export const LIST_WIDTH_MAX = 900;

export const DEFAULT_SETTINGS: AppSettings = {
  pollIntervalMinutes: 2,
  sendReadReceipts: false,
  undoSendSeconds: 5,
  doNotDisturb: false,
  mutedAccountIds: [],
  closeToTray: true,
  snippets: [],
  afterTriage: 'next',
  density: 'comfortable',
  theme: 'system',
  listWidth: null,
  keymap: { preset: 'superhuman', overrides: {} },
  savedSplits: [],
};

/** A saved reply. Its body may hold `{firstName}` and `{company}`, filled in from the conversation. */
export interface Snippet {
  id: string;
  name: string;
  body: string;
}

/**
 * A search saved as a split tab (view `search:<id>`): its list is the search's conversations in the
 * inbox (or in the state its own is:snoozed / is:archived / is:inbox names), its count how many.
 */
export interface SavedSplit {
  id: string;
  name: string;
  /** What was typed in search, operators and all ("from:anna is:unread pricing"). */
  query: string;
}

export const MAX_SNIPPETS = LIMITS.snippets;
/** Labels kept in total: enough for any split inbox, few enough that every label list and picker stays quick. */
export const MAX_LABELS = LIMITS.labels;
export const MAX_SNIPPET_NAME = LIMITS.snippetName;

/** The most conversations one bulk action (or label change) takes: select all picks at most this many. */
export const MAX_BULK = LIMITS.bulk;

/** The undo windows for sending a reply, in seconds (0 sends at once). */
export const UNDO_SEND_CHOICES = [0, 5, 10, 20, 30] as const;

/** How often every account can be checked for new messages, in minutes. */
export const POLL_INTERVAL_CHOICES = [1, 2, 5, 10, 15, 30, 60] as const;
