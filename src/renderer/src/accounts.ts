/**
 * Everything the accounts screen says about a provider or an account, in one place: the
 * fields each provider needs (with where to find them), the status sentence, what the
 * provider mirrors, and what is left of its budgets. Pure functions: no React, no store.
 */
import type { Account, AccountConfig, AccountState, AccountStatus, ProviderKind } from '../../shared/domain';
import { PROVIDER_LABELS } from '../../shared/domain';
import { DEFAULT_BASE_URLS, LIMITS } from '../../shared/limits';
import { clock, lazyDateFormat, relativeTime, weekdayClock } from './format';

/** Providers a person can connect (the demo account is built in). */
export type ConnectableProvider = Exclude<ProviderKind, 'demo'>;
export const CONNECTABLE_PROVIDERS: readonly ConnectableProvider[] = ['reactin', 'linkup', 'connectsafely', 'crispy'];

/** The settings the form edits. selfUserId is kept as it is (the app learns it, nobody types it). */
export type FormConfigKey = 'organizationId' | 'linkedinAccountId' | 'accountId' | 'baseUrl' | 'selfProfileUrl' | 'messagesPerDay';
export type FormValues = { name: string } & Record<FormConfigKey, string>;

export const EMPTY_VALUES: FormValues = { name: '', organizationId: '', linkedinAccountId: '', accountId: '', baseUrl: '', selfProfileUrl: '', messagesPerDay: '' };

/** Lengths main accepts (src/main/ipc/schemas.ts); the inputs stop there instead of failing later. */
export const MAX_LENGTH = { name: LIMITS.accountName, id: LIMITS.accountSetting, url: LIMITS.url, key: LIMITS.apiKey } as const;

export interface FieldSpec {
  key: 'organizationId' | 'linkedinAccountId' | 'accountId';
  label: string;
  required: boolean;
  help: string;
  placeholder?: string;
}

export interface ProviderForm {
  /** What the provider needs, in three words, under its name in the picker. */
  needs: string;
  fields: readonly FieldSpec[];
  keyHelp: string;
  keyPlaceholder?: string;
  /** The public API the app uses when no base URL is set. */
  defaultBaseUrl: string;
}

export const PROVIDER_FORMS: Record<ConnectableProvider, ProviderForm> = {
  reactin: {
    needs: 'Organization ID + key',
    fields: [
      {
        key: 'organizationId',
        label: 'Organization ID',
        required: true,
        help: 'In ReactIn under Settings → API Keys, next to your keys.',
      },
      {
        key: 'linkedinAccountId',
        label: 'LinkedIn account ID',
        required: false,
        help: 'Only to show one of the organization’s LinkedIn accounts here. Leave empty for all of them.',
      },
    ],
    keyHelp: 'Create one in ReactIn under Settings → API Keys.',
    defaultBaseUrl: DEFAULT_BASE_URLS.reactin,
  },
  linkup: {
    needs: 'account_id + key',
    fields: [
      {
        key: 'accountId',
        label: 'Account ID',
        required: true,
        placeholder: 'acc_…',
        help: 'Linkup’s account_id of the connected LinkedIn account: it starts with acc_ and is listed on Linkup’s accounts page.',
      },
    ],
    keyHelp: 'From your Linkup dashboard; the app sends it as the x-api-key header. Every read costs Linkup credits.',
    defaultBaseUrl: DEFAULT_BASE_URLS.linkup,
  },
  connectsafely: {
    needs: 'API key',
    fields: [
      {
        key: 'accountId',
        label: 'Account ID',
        required: false,
        help: 'ConnectSafely’s accountId, only when the key has several LinkedIn accounts. Leave empty for its default (most recently used) one.',
      },
    ],
    keyHelp: 'From your ConnectSafely account’s API settings.',
    defaultBaseUrl: DEFAULT_BASE_URLS.connectsafely,
  },
  crispy: {
    needs: 'API key',
    fields: [
      {
        key: 'accountId',
        label: 'Account ID',
        required: false,
        help: 'Crispy’s account_id, to pick one of several connected LinkedIn profiles. Leave empty for the key’s default one.',
      },
    ],
    keyHelp: 'Starts with crispy_ — from your Crispy account’s API settings.',
    keyPlaceholder: 'crispy_…',
    defaultBaseUrl: DEFAULT_BASE_URLS.crispy,
  },
};

export function isConnectable(p: ProviderKind): p is ConnectableProvider {
  return (CONNECTABLE_PROVIDERS as readonly string[]).includes(p);
}

/** The form's values for an existing account. */
export function valuesFrom(account: Account): FormValues {
  const c = account.config;
  return {
    name: account.name,
    organizationId: c.organizationId ?? '',
    linkedinAccountId: c.linkedinAccountId ?? '',
    accountId: c.accountId ?? '',
    baseUrl: c.baseUrl ?? '',
    selfProfileUrl: c.selfProfileUrl ?? '',
    messagesPerDay: c.messagesPerDay ?? '',
  };
}

/**
 * The settings to send for a provider: only the keys it uses, trimmed, empty ones left out.
 * `keep` carries settings the form does not show (selfUserId) over from the stored account.
 */
export function configFrom(provider: ConnectableProvider, v: FormValues, keep: AccountConfig = {}): AccountConfig {
  const keys: FormConfigKey[] = [...PROVIDER_FORMS[provider].fields.map((f) => f.key), 'baseUrl', 'selfProfileUrl', ...(provider === 'connectsafely' ? (['messagesPerDay'] as const) : [])];
  const config: AccountConfig = {};
  for (const k of keys) {
    const value = v[k].trim();
    if (value) config[k] = value;
  }
  if (keep.selfUserId) config.selfUserId = keep.selfUserId;
  return config;
}

/**
 * The origin (scheme, host, port) requests go to for a base URL as typed (empty: the provider's
 * own), or null when it is not an address. A stored key is bound to it: the core only sends the
 * key there, so a form that changes it must ask for the key again.
 */
export function keyOrigin(provider: ConnectableProvider, baseUrl: string | undefined): string | null {
  try {
    return new URL(baseUrl?.trim() || PROVIDER_FORMS[provider].defaultBaseUrl).origin;
  } catch {
    return null;
  }
}

/** Same settings, ignoring empty values and key order. */
export function sameConfig(a: AccountConfig, b: AccountConfig): boolean {
  const norm = (c: AccountConfig) =>
    JSON.stringify(
      Object.entries(c)
        .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
        .map(([k, v]) => [k, (v as string).trim()])
        .sort(([x], [y]) => (x! < y! ? -1 : 1)),
    );
  return norm(a) === norm(b);
}

// ---- status -------------------------------------------------------------------------

function syncedAgo(at: number, now: number): string {
  const age = relativeTime(at, now);
  if (age === 'now') return 'just now';
  if (/^\d+[mh]$/.test(age)) return `${age} ago`;
  return age === 'Yesterday' ? 'yesterday' : `on ${age}`;
}

/** A time later than now, as a person reads it: "14:05", or "Tue 09:00" when not within the day. */
function until(at: number, now: number): string {
  return at - now < 20 * 3_600_000 ? clock.format(at) : weekdayClock.format(at);
}

/**
 * What an account is doing, as a sentence. `long` (the accounts screen) adds what happens
 * next; the sidebar uses the short form.
 */
export function accountStatusText(a: Account, now: number, long = false): string {
  const label = PROVIDER_LABELS[a.provider];
  const { state, message, lastSyncedAt, retryAt } = a.status;
  const last = lastSyncedAt !== null ? `Last synced ${syncedAgo(lastSyncedAt, now)}.` : '';
  const withLast = (s: string) => (long && last ? `${s} ${last}` : s);
  switch (state) {
    case 'syncing':
      return 'Syncing…';
    case 'ok':
      if (lastSyncedAt === null) return 'Up to date';
      // A note from the last sync (e.g. items the provider sent that could not be read).
      if (long && message) return `Synced ${syncedAgo(lastSyncedAt, now)}. ${message}`;
      return long ? `Synced ${syncedAgo(lastSyncedAt, now)} — up to date.` : `Synced ${syncedAgo(lastSyncedAt, now)}`;
    case 'idle':
      if (message) return message;
      if (lastSyncedAt !== null) return `Synced ${syncedAgo(lastSyncedAt, now)}`;
      return 'Waiting for the first sync';
    case 'offline':
      return withLast(message ?? `Can’t reach ${label} — the app tries again when the connection is back.`);
    case 'key-rejected':
      return message ?? `${label} rejected the API key for '${a.name}' — update it in Settings.`;
    case 'disconnected':
      return message ?? `The LinkedIn account behind '${a.name}' is disconnected in ${label} — reconnect it there.`;
    case 'rate-limited':
      if (retryAt !== null && retryAt > now) {
        const s = `Rate-limited by ${label} until ${until(retryAt, now)}.`;
        return long ? `${s} Syncing resumes then on its own.` : s;
      }
      return withLast(message ?? `${label} asked the app to slow down — syncing resumes shortly.`);
    case 'error':
      return withLast(message ?? 'The last sync failed — it will be tried again.');
    default:
      return message ?? '';
  }
}

// ---- what the provider mirrors, and budgets -----------------------------------------------

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Archive, labels and snooze sync to Crispy." / "... stay in this app (ReactIn has no such feature)." */
export function mirrorText(a: Account): string {
  if (a.provider === 'demo') return 'Generated on this computer: archive, labels and snooze stay in this app.';
  const label = PROVIDER_LABELS[a.provider];
  const c = a.capabilities;
  const features: [string, boolean][] = [
    ['archive', c.mirrorsArchive || c.mirrorsSmartArchive],
    ['labels', c.mirrorsLabels],
    ['snooze', c.mirrorsSnooze],
  ];
  const synced = features.filter(([, on]) => on).map(([n]) => n);
  const local = features.filter(([, on]) => !on).map(([n]) => n);
  if (local.length === 0) return `Archive, labels and snooze sync to ${label}.`;
  if (synced.length === 0) return `Archive, labels and snooze stay in this app (${label} has no such feature).`;
  const verb = (words: string[], one: string, many: string) => (words.length === 1 && words[0] !== 'labels' ? one : many);
  return `${capitalise(joinWords(synced))} ${verb(synced, 'syncs', 'sync')} to ${label}; ${joinWords(local)} ${verb(local, 'stays', 'stay')} in this app (${label} has no such feature).`;
}

/** The read-receipt note, for providers whose "mark seen" tells the other person. */
export function readReceiptText(a: Account): string | null {
  if (a.provider !== 'connectsafely' || !a.capabilities.canMarkSeen) return null;
  return 'Opening a conversation marks it read in this app only: marking it seen in ConnectSafely sends the other person a read receipt.';
}

export function creditsText(a: Account): string | null {
  if (a.usage.creditsUsed === null) return null;
  return `${PROVIDER_LABELS[a.provider]} credits used by this app: ${a.usage.creditsUsed.toLocaleString()} (every read costs credits).`;
}

const CAP_NOUNS: Record<string, string> = {
  send: 'messages',
  sends: 'messages',
  message: 'messages',
  messages: 'messages',
  organize: 'organize actions',
  organise: 'organize actions',
  'mark-read': 'mark-read actions',
  markRead: 'mark-read actions',
  mark_read: 'mark-read actions',
  read: 'mark-read actions',
};

const utcClock = lazyDateFormat({ hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }, 'en-GB');

/** "Organize actions: 187 of 200 left today, resets 00:00 UTC". */
export function dailyCapTexts(a: Account): { text: string; low: boolean }[] {
  return a.usage.dailyCaps.map((cap) => {
    const noun = CAP_NOUNS[cap.action] ?? cap.action.replace(/[-_]+/g, ' ');
    const left = Math.max(0, cap.limit - cap.used);
    return {
      text: `${capitalise(noun)}: ${left.toLocaleString()} of ${cap.limit.toLocaleString()} left today, resets ${utcClock.format(cap.resetAt)} UTC`,
      low: left <= Math.max(1, Math.floor(cap.limit * 0.1)),
    };
  });
}

/** What `e` did, said once per account per session; null for the demo account. */
export function archiveNoticeText(a: Account): string | null {
  if (a.provider === 'demo') return null;
  const label = PROVIDER_LABELS[a.provider];
  if (a.capabilities.mirrorsSmartArchive) return `Archived — also in ${label}.`;
  return `Archived in this app only — ${label} has no ${a.capabilities.mirrorsArchive ? 'smart archive' : 'archive'}. It returns when they reply.`;
}

// ---- offline, and replies that wait -------------------------------------------------

/**
 * Where an account stands once the current sync is over: while one runs, the state it had
 * before (the store remembers it), so the screen does not flicker to "Syncing…" and back on
 * every poll. `settled` is that remembered status, if any.
 */
export function settledState(a: Account, settled: AccountStatus | undefined): AccountState {
  return a.status.state === 'syncing' ? (settled?.state ?? 'syncing') : a.status.state;
}

/** True when there are real accounts and none of them can be reached (the demo account does not count). */
export function everyAccountOffline(accounts: readonly Account[], settled: Readonly<Record<string, AccountStatus>>): boolean {
  const real = accounts.filter((a) => a.provider !== 'demo');
  return real.length > 0 && real.every((a) => settledState(a, settled[a.id]) === 'offline');
}

export const OFFLINE_BANNER = 'Offline — showing what was cached. Replies wait and go out when the connection returns.';

/**
 * Why a queued reply of this account is not going out right now, as a sentence, or null
 * when it is simply on its way ("Sending…").
 */
export function waitingText(a: Account | undefined, state: AccountState | undefined): string | null {
  if (!a || !state) return null;
  const label = PROVIDER_LABELS[a.provider];
  switch (state) {
    case 'offline':
      return 'Waiting to send — it goes out when the connection returns.';
    case 'rate-limited':
      return `Waiting to send — ${label} asked the app to slow down; it goes out on its own.`;
    case 'key-rejected':
      return `Waiting to send — ${label} rejected the API key; update it in Settings.`;
    default:
      return null;
  }
}

/** The note under the reply box while the account cannot be reached, or null. */
export function composerWaitNote(a: Account | undefined, state: AccountState | undefined): string | null {
  if (!a || !state) return null;
  const label = PROVIDER_LABELS[a.provider];
  switch (state) {
    case 'offline':
      return `${label} can’t be reached right now: a reply waits and goes out when the connection returns.`;
    case 'rate-limited':
      return `${label} asked the app to slow down: a reply waits a little, then goes out on its own.`;
    default:
      return null;
  }
}

/** "Check for new messages every [5 minutes]". */
export function intervalLabel(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
