/**
 * Keeps the key store in step with the accounts table. A key and its account row live in two
 * places (the keychain, the SQLite cache) that cannot share a transaction, so every change to
 * both first records, in the cache, "this account's key must go unless the account exists"
 * (key_cleanup), in the same transaction as the row change. The record is cleared once the key
 * store agrees. A record still there at the next start means the app stopped between the two
 * writes (or the keychain refused): tidy() finishes the job then.
 */
import type { Db } from '../db/database';
import type { Clock, SecretStore } from '../ports';

export class KeyCleanup {
  /** Accounts being added in this process: their key is stored before their row, so a sweep must spare them. */
  private readonly adding = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
  ) {}

  /** Records that the account's key must go unless the account exists (call inside the row change's transaction). */
  record(accountId: string): void {
    this.db.prepare('INSERT INTO key_cleanup (account_id, recorded_at) VALUES (?, ?) ON CONFLICT(account_id) DO NOTHING').run(accountId, this.clock.now());
  }

  /** The key store agrees with the cache again for this account: forget the record. */
  settle(accountId: string): void {
    this.db.prepare('DELETE FROM key_cleanup WHERE account_id = ?').run(accountId);
  }

  /** Whether any record is waiting (a previous run stopped between two writes). */
  hasPending(): boolean {
    return this.db.prepare('SELECT 1 FROM key_cleanup LIMIT 1').get() !== undefined;
  }

  /** Marks an account as being added now: no sweep deletes its key before its row is written. */
  beginAdding(accountId: string): () => void {
    this.adding.add(accountId);
    return () => this.adding.delete(accountId);
  }

  /**
   * Deletes the key of every recorded account that does not exist, then (when the store can list
   * its keys) every key that belongs to no account. A key that cannot be deleted stays recorded
   * for the next try; the first failure is thrown after the others were tried.
   */
  async tidy(): Promise<void> {
    let failure: unknown = null;
    const recorded = (this.db.prepare('SELECT account_id FROM key_cleanup').all() as { account_id: string }[]).map((r) => r.account_id);
    for (const id of recorded) {
      if (this.adding.has(id)) continue;
      try {
        if (!this.accountExists(id)) await this.secrets.delete(id);
        this.settle(id);
      } catch (err) {
        failure ??= err;
      }
    }
    if (this.secrets.accountIds) {
      try {
        for (const id of await this.secrets.accountIds()) {
          if (this.adding.has(id) || this.accountExists(id)) continue;
          await this.secrets.delete(id);
        }
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== null) throw failure;
  }

  private accountExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(id) !== undefined;
  }
}
