/**
 * Bounded by design: what a person (or a long-lived cache) can pile up has a ceiling, and the
 * app stays quick and correct up to it. One demo account; label: search over thousands of labels
 * without one SQL parameter per label; a cap on operators per query and on labels in total.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { MAX_SEARCH_OPERATORS } from '../../src/main/core/search';
import { MAX_LABELS } from '../../src/shared/domain';
import { cleanupAfterEach } from '../support/cleanups';
import { offlineDispatcher, tempDataDir } from '../support/core';

const defer = cleanupAfterEach();

async function demoCore(): Promise<{ core: InboxCore; dir: string }> {
  const { dir, cleanup } = tempDataDir('inbox-bounds-');
  defer(cleanup);
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  defer(() => core.close());
  return { core, dir };
}

describe('the demo account', () => {
  it('can exist once: adding a second says so and adds no conversations', async () => {
    const { core } = await demoCore();
    const before = (await core.listConversations({ view: 'all' })).total;
    await expect(core.addAccount({ provider: 'demo', name: 'Demo again', config: {} })).rejects.toThrow(/already a demo account/i);
    expect(await core.listAccounts()).toHaveLength(1);
    expect((await core.listConversations({ view: 'all' })).total).toBe(before);
  });
});

describe('label: search over many labels', () => {
  /** `count` labels named lead-00001…, straight into the cache (an older cache may hold more than the app now lets anyone create). */
  function manyLabels(dir: string, count: number, onConversations: string[]): void {
    const db = new DatabaseSync(join(dir, DATABASE_FILE));
    db.exec('BEGIN');
    const label = db.prepare('INSERT INTO labels (id, name, color, pinned, created_at) VALUES (?, ?, ?, 0, 0)');
    const tag = db.prepare('INSERT INTO conversation_labels (conversation_id, label_id) VALUES (?, ?)');
    for (let i = 0; i < count; i++) label.run(`lx${i}`, `lead-${String(i).padStart(5, '0')}`, '#888888');
    onConversations.forEach((id, n) => tag.run(id, `lx${n * 7}`));
    db.exec('COMMIT');
    db.close();
  }

  it('6 operators each naming 6,000 labels (by prefix) answer correctly, instead of failing with "too many SQL variables"', async () => {
    const { core, dir } = await demoCore();
    const rows = (await core.listConversations({ view: 'all', limit: 10 })).items;
    manyLabels(dir, 6_000, rows.slice(0, 4).map((r) => r.id));
    const query = Array.from({ length: 6 }, () => 'label:lead').join(' ');
    const result = await core.search(query, 50);
    expect(result.problems).toEqual([]);
    expect(result.hits.map((h) => h.conversation.id).sort()).toEqual(rows.slice(0, 4).map((r) => r.id).sort());
    const excluded = await core.search('label:lead -label:lead-00000', 50);
    expect(excluded.hits.map((h) => h.conversation.id).sort()).toEqual(rows.slice(1, 4).map((r) => r.id).sort());
  });

  it(`uses at most ${MAX_SEARCH_OPERATORS} operators of one query and says which were left out`, async () => {
    const { core } = await demoCore();
    const query = Array.from({ length: MAX_SEARCH_OPERATORS + 5 }, () => 'is:unread').join(' ');
    const result = await core.search(query, 10);
    expect(result.problems).toEqual([`5 operators were left out: one search uses at most ${MAX_SEARCH_OPERATORS}.`]);
    expect(result.total).toBe((await core.search('is:unread', 10)).total);
  });

  it(`refuses a label past ${MAX_LABELS.toLocaleString('en')} with a sentence, and keeps the rest`, async () => {
    const { core, dir } = await demoCore();
    manyLabels(dir, MAX_LABELS, []);
    await expect(core.createLabel('One too many')).rejects.toThrow(`You have ${MAX_LABELS.toLocaleString('en')} labels, the most this app keeps; delete some you no longer use first.`);
    expect(await core.listLabels()).toHaveLength(MAX_LABELS);
  });
});
