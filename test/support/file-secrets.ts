/**
 * A SecretStore kept in a JSON file, written whole and synchronously on every change (temp file,
 * then rename): it outlives a process killed with SIGKILL, as the OS keychain does, so the crash
 * tests can see which keys a dead process left behind.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../../src/main/core';

export class FileSecretStore implements SecretStore {
  readonly description = 'a test key file';
  constructor(readonly path: string) {}

  /** Every key in the file, by account id. */
  all(): Record<string, string> {
    return existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>) : {};
  }
  async get(accountId: string): Promise<string | null> {
    return this.all()[accountId] ?? null;
  }
  async set(accountId: string, secret: string): Promise<void> {
    this.write({ ...this.all(), [accountId]: secret });
  }
  async delete(accountId: string): Promise<void> {
    const { [accountId]: _gone, ...rest } = this.all();
    this.write(rest);
  }
  async accountIds(): Promise<string[]> {
    return Object.keys(this.all());
  }
  private write(keys: Record<string, string>): void {
    writeFileSync(`${this.path}.tmp`, JSON.stringify(keys));
    renameSync(`${this.path}.tmp`, this.path);
  }
}
