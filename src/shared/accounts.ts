/**
 * Accounts as every part sees them: the providers, an account's settings, status, budgets and
 * capabilities, and what the person types to add or edit one (never its key, which only goes to
 * the keychain). Split from domain.ts, which re-exports all of it. Plain data only.
 */

/** The services this app can talk to. `demo` is the built-in generated account. */
export type ProviderKind = 'reactin' | 'linkup' | 'connectsafely' | 'crispy' | 'demo';

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  reactin: 'ReactIn',
  linkup: 'Linkup',
  connectsafely: 'ConnectSafely',
  crispy: 'Crispy',
  demo: 'Demo',
};

/** Where an account stands, as the person sees it in the sidebar. */
export type AccountState =
  | 'idle'
  | 'syncing'
  | 'ok'
  | 'offline'
  | 'key-rejected'
  | 'disconnected'
  | 'rate-limited'
  | 'error';

export interface AccountStatus {
  state: AccountState;
  /** A sentence for the person, e.g. "ReactIn rejected the API key for 'Sales seat' — update it in Settings." */
  message: string | null;
  /** Epoch ms of the last successful sync. */
  lastSyncedAt: number | null;
  /** Epoch ms until which the provider asked us to wait (rate-limited). */
  retryAt: number | null;
}

/** Non-secret settings of an account. The API key is never part of this. */
export interface AccountConfig {
  /** ReactIn: the organisation id in every path. */
  organizationId?: string;
  /** ReactIn: optional filter to one connected LinkedIn account. */
  linkedinAccountId?: string;
  /**
   * The provider's id of the connected LinkedIn account: Linkup `account_id` (required),
   * ConnectSafely `accountId` and Crispy `account_id` (optional: the key's default account).
   */
  accountId?: string;
  /** Our own LinkedIn user id on the provider, when known (tells our messages from theirs). */
  selfUserId?: string;
  /** Our own LinkedIn profile URL, when known (Linkup messages carry only sender profile URLs). */
  selfProfileUrl?: string;
  /** Self-hosted or regional instance; defaults to the provider's public URL. */
  baseUrl?: string;
  /** ConnectSafely: messages a day this app sends for the account, a whole number (CONNECTSAFELY_DAILY_CAP). */
  messagesPerDay?: string;
}

/**
 * ConnectSafely's daily message cap per account: its cookbook says 100 a day, its API page 150.
 * The lower is the default (a cap set too low only delays a send; too high risks LinkedIn's limits).
 */
export const CONNECTSAFELY_DAILY_CAP = { default: 100, min: 1, max: 150 } as const;

/** Which triage actions a provider carries out itself; the rest stay local to this app. */
export interface Capabilities {
  mirrorsArchive: boolean;
  mirrorsSmartArchive: boolean;
  mirrorsLabels: boolean;
  mirrorsSnooze: boolean;
  canMarkSeen: boolean;
  canMarkUnread: boolean;
  canStar: boolean;
  /** 'thread': reply into an existing thread id; 'profile': address the recipient's profile URL. */
  sendsBy: 'thread' | 'profile';
  /** Provider can push events (webhooks); otherwise the core polls. */
  hasPush: boolean;
}

/** What an account has spent of its provider's budgets, for the person to see. */
export interface AccountUsage {
  /** Linkup: credits consumed by this app since the account was added. */
  creditsUsed: number | null;
  /** Daily caps (Crispy, ConnectSafely): what is left today, per counted action. */
  dailyCaps: { action: string; limit: number; used: number; resetAt: number }[];
}

export interface Account {
  id: string;
  provider: ProviderKind;
  name: string;
  config: AccountConfig;
  createdAt: number;
  status: AccountStatus;
  capabilities: Capabilities;
  usage: AccountUsage;
}

/** After the first real account's first sync: the one offer to remove the demo account. */
export interface DemoOffer {
  demoAccountId: string;
  /** The real account whose conversations are now in the inbox. */
  accountName: string;
}

/** What the person types to add an account. The key goes to the keychain, nowhere else. */
export interface NewAccount {
  provider: ProviderKind;
  name: string;
  config: AccountConfig;
  apiKey?: string;
}

/** An edit of an account's settings. A missing apiKey keeps the stored one. */
export interface AccountPatch {
  name?: string;
  config?: AccountConfig;
  apiKey?: string;
}

/** The verdict of testing an account's settings against its provider. */
export type ConnectionVerdict = { ok: true; message: string } | { ok: false; code: string; message: string };
