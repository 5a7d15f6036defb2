/**
 * `npm run doctor -- --account NAME` / `--provider X`: the connection doctor from a terminal.
 * With --account it reads the saved account (read-only) from the app's data folder and its key
 * from the OS keychain, and probes the account's saved base URL, only when the key was saved for
 * it. With --provider it takes the key from INBOX_DOCTOR_KEY and probes the provider's public
 * URL or --base-url (an address on this computer only with --allow-loopback, for tests). The
 * report goes to stdout, or to --out FILE. Keychain code stays here, out of the core.
 */
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { Agent } from 'undici';
import type { Account, AccountConfig, ProviderKind } from '../shared/domain';
import { PROVIDER_LABELS } from '../shared/domain';
import { AppError, assertKeyBound, checkBaseUrl, DATABASE_FILE, diagnose, PROVIDER_CAPABILITIES, reportMarkdown, systemClock, type SecretStore } from './core';

/** The environment variable --provider reads the key from. */
export const KEY_VARIABLE = 'INBOX_DOCTOR_KEY';
const PROVIDERS = ['reactin', 'linkup', 'connectsafely', 'crispy'] as const;
/** Electron's userData folder for this app (productName), per platform. */
const APP_FOLDER = 'Inbox Zero for LinkedIn';

export const USAGE = `Usage:
  npm run doctor -- --account NAME [--data-dir DIR] [--out FILE]
  npm run doctor -- --provider reactin|linkup|connectsafely|crispy [--base-url URL] [--organization-id ID] [--account-id ID] [--out FILE]
     (the key is read from ${KEY_VARIABLE})
  --allow-loopback lets the key go to an address on this computer (for tests against the simulators).`;

export interface DoctorCliDeps {
  env: NodeJS.ProcessEnv;
  /** The keychain (for --account). */
  secrets: () => SecretStore;
  write: (text: string) => void;
  platform?: NodeJS.Platform;
}

/** Runs the CLI; resolves the exit code. Errors are written as one sentence, never with a key. */
export async function runDoctorCli(argv: string[], deps: DoctorCliDeps): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        account: { type: 'string' },
        provider: { type: 'string' },
        'base-url': { type: 'string' },
        'organization-id': { type: 'string' },
        'account-id': { type: 'string' },
        'data-dir': { type: 'string' },
        out: { type: 'string' },
        'allow-loopback': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    deps.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help || (args.account === undefined) === (args.provider === undefined)) {
    deps.write(`${args.help ? '' : 'Give either --account or --provider.\n'}${USAGE}\n`);
    return args.help ? 0 : 2;
  }
  const dispatcher = new Agent();
  try {
    const { account, getApiKey } =
      args.account !== undefined
        ? await savedAccount(args.account, args['data-dir'] ?? defaultDataDir(deps.env, deps.platform ?? process.platform), deps.secrets, args['allow-loopback'] === true)
        : providerAccount(args, deps.env);
    const report = await diagnose({ account, getApiKey, dispatcher, clock: systemClock });
    const markdown = reportMarkdown(report);
    if (args.out) {
      writeFileSync(args.out, markdown, 'utf8');
      deps.write(`Wrote the report to ${args.out}.\n`);
    } else deps.write(`${markdown}\n`);
    return 0;
  } catch (err) {
    deps.write(`${err instanceof AppError ? err.message : 'The doctor stopped on an unexpected error.'}\n`);
    return 1;
  } finally {
    await dispatcher.close();
  }
}

/** Where Electron keeps this app's data (app.getPath('userData')). */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER);
}

/** A saved account by name, read without changing the cache; its key only for the address it was saved for. */
async function savedAccount(name: string, dataDir: string, secrets: () => SecretStore, allowLoopback: boolean): Promise<{ account: Account; getApiKey: () => Promise<string> }> {
  let rows: { id: string; provider: string; name: string; config: string; created_at: number; key_origin: string | null }[];
  try {
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
    try {
      rows = db.prepare('SELECT id, provider, name, config, created_at, key_origin FROM accounts').all() as typeof rows;
    } finally {
      db.close();
    }
  } catch {
    throw new AppError('not-found', `No accounts could be read from ${dataDir} — start the app once, or give its data folder with --data-dir.`);
  }
  const row = rows.find((r) => r.name === name);
  if (!row) throw new AppError('not-found', `There is no account named '${name}'; the accounts are: ${rows.map((r) => `'${r.name}'`).join(', ') || 'none'}.`);
  if (!(PROVIDERS as readonly string[]).includes(row.provider)) throw new AppError('invalid-input', `'${name}' is the demo account: it has no provider connection to diagnose.`);
  const account = makeAccount(row.provider as ProviderKind, JSON.parse(row.config) as AccountConfig, row.name, row.id);
  assertKeyBound(account, row.key_origin);
  // The saved base URL is checked as the app checks it: an address on this computer only with --allow-loopback (tests).
  if (account.config.baseUrl !== undefined) checkBaseUrl(account.config.baseUrl, account.provider, { allowLoopback });
  const store = secrets();
  return {
    account,
    getApiKey: async () => {
      const key = await store.get(row.id);
      if (!key) throw new AppError('auth', `There is no API key for '${name}' in the keychain — add it in the app's Settings.`);
      return key;
    },
  };
}

function providerAccount(args: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): { account: Account; getApiKey: () => Promise<string> } {
  const provider = args.provider as string;
  if (!(PROVIDERS as readonly string[]).includes(provider)) throw new AppError('invalid-input', `--provider must be one of ${PROVIDERS.join(', ')}.`);
  const kind = provider as (typeof PROVIDERS)[number];
  const key = env[KEY_VARIABLE];
  if (!key) throw new AppError('auth', `Set ${KEY_VARIABLE} to your ${PROVIDER_LABELS[kind]} API key to run the doctor with --provider.`);
  const config: AccountConfig = {};
  const baseUrl = args['base-url'];
  if (typeof baseUrl === 'string') {
    checkBaseUrl(baseUrl, kind, { allowLoopback: args['allow-loopback'] === true });
    config.baseUrl = baseUrl;
  }
  if (typeof args['organization-id'] === 'string') config.organizationId = args['organization-id'];
  if (typeof args['account-id'] === 'string') config.accountId = args['account-id'];
  return { account: makeAccount(kind, config, `${PROVIDER_LABELS[kind]} (doctor)`, 'doctor'), getApiKey: async () => key };
}

function makeAccount(provider: ProviderKind, config: AccountConfig, name: string, id: string): Account {
  return {
    id,
    provider,
    name,
    config,
    createdAt: 0,
    status: { state: 'idle', message: null, lastSyncedAt: null, retryAt: null },
    capabilities: PROVIDER_CAPABILITIES[provider],
    usage: { creditsUsed: null, dailyCaps: [] },
  };
}
