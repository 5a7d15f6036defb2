/** Accounts table: settings and sync status. Never holds a secret. */
import type { Account, AccountConfig, AccountState, AccountStatus, ProviderKind } from '../../../shared/domain';
import type { Db } from '../db/database';
import { PROVIDER_CAPABILITIES } from '../providers/capabilities';

interface AccountRow {
  id: string;
  provider: string;
  name: string;
  config: string;
  created_at: number;
  status: string;
  status_message: string | null;
  last_synced_at: number | null;
  retry_at: number | null;
  credits_used: number;
}

function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    provider: r.provider as ProviderKind,
    name: r.name,
    config: JSON.parse(r.config) as AccountConfig,
    createdAt: r.created_at,
    status: { state: r.status as AccountState, message: r.status_message, lastSyncedAt: r.last_synced_at, retryAt: r.retry_at },
    capabilities: PROVIDER_CAPABILITIES[r.provider as ProviderKind],
    usage: { creditsUsed: r.provider === 'linkup' ? r.credits_used : null, dailyCaps: [] },
  };
}

export class AccountStore {
  constructor(private readonly db: Db) {}

  list(): Account[] {
    const rows = this.db.prepare('SELECT * FROM accounts ORDER BY created_at, rowid').all() as unknown as AccountRow[];
    return rows.map(toAccount);
  }

  get(id: string): Account | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as unknown as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  /** `keyOrigin`: the origin the account's key was typed for (accounts/key-binding.ts); null for the demo. */
  insert(a: { id: string; provider: ProviderKind; name: string; config: AccountConfig; createdAt: number; keyOrigin?: string | null }): void {
    this.db
      .prepare('INSERT INTO accounts (id, provider, name, config, created_at, key_origin) VALUES (?, ?, ?, ?, ?, ?)')
      .run(a.id, a.provider, a.name, JSON.stringify(a.config), a.createdAt, a.keyOrigin ?? null);
  }

  /** Saves a new name and settings; with `keyOrigin`, a newly typed key's origin too (in the same statement). */
  update(id: string, a: { name: string; config: AccountConfig; keyOrigin?: string | null }): void {
    if (a.keyOrigin === undefined) this.db.prepare('UPDATE accounts SET name = ?, config = ? WHERE id = ?').run(a.name, JSON.stringify(a.config), id);
    else this.db.prepare('UPDATE accounts SET name = ?, config = ?, key_origin = ? WHERE id = ?').run(a.name, JSON.stringify(a.config), a.keyOrigin, id);
  }

  /** The origin the account's stored key may be sent to, or null when none is recorded. */
  keyOrigin(id: string): string | null {
    const row = this.db.prepare('SELECT key_origin FROM accounts WHERE id = ?').get(id) as { key_origin: string | null } | undefined;
    return row?.key_origin ?? null;
  }

  setKeyOrigin(id: string, origin: string): void {
    this.db.prepare('UPDATE accounts SET key_origin = ? WHERE id = ?').run(origin, id);
  }

  /** Whether a sync has ever listed this account's conversations to the end (so later ones may stop early). */
  listedToEnd(id: string): boolean {
    const row = this.db.prepare('SELECT listed_to_end FROM accounts WHERE id = ?').get(id) as { listed_to_end: number } | undefined;
    return row?.listed_to_end === 1;
  }

  setListedToEnd(id: string): void {
    this.db.prepare('UPDATE accounts SET listed_to_end = 1 WHERE id = ?').run(id);
  }

  addCredits(id: string, consumed: number): void {
    this.db.prepare('UPDATE accounts SET credits_used = credits_used + ? WHERE id = ?').run(consumed, id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id).changes > 0;
  }

  setStatus(id: string, s: Partial<AccountStatus> & { state: AccountState }): void {
    const cur = this.get(id);
    if (!cur) return;
    const next: AccountStatus = { ...cur.status, message: null, retryAt: null, ...s };
    this.db
      .prepare('UPDATE accounts SET status = ?, status_message = ?, last_synced_at = ?, retry_at = ? WHERE id = ?')
      .run(next.state, next.message, next.lastSyncedAt, next.retryAt, id);
  }
}
