/**
 * How much room profile pictures take: one per person, replaced when their picture's URL changes
 * (providers hand out signed, rotating URLs), capped in total, and gone with their account.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { VirtualClock } from '../support/clock';
import { cleanupAfterEach } from '../support/cleanups';
import { tempDataDir } from '../support/core';
import { png } from '../support/png';

const defer = cleanupAfterEach();
/** Each picture: a real PNG padded to 100 KB, as a profile photo roughly is. */
const PICTURE = Buffer.concat([png(0, 128, 255), Buffer.alloc(100 * 1024 - png(0, 128, 255).length)]);

async function imageServer(): Promise<{ url: (path: string) => string }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': PICTURE.length });
    res.end(PICTURE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const port = (server.address() as AddressInfo).port;
  return { url: (path) => `http://127.0.0.1:${port}${path}` };
}

interface World {
  core: InboxCore;
  sim: ReactInSim;
  accountId: string;
  ids: string[];
  stored(): { rows: number; bytes: number };
}

async function world(people: number, avatarCacheBytes?: number): Promise<World> {
  const images = await imageServer();
  const sim = await startReactInSimulator({ apiKey: 'rk_pics', organizationId: 'org_pics', conversations: people, getPerMinute: 100_000, postPerMinute: 100_000 });
  defer(() => sim.close());
  sim.conversations.forEach((c, i) => (c.participants[0]!.avatarUrl = images.url(`/person-${i}.png?sig=0`)));
  const { dir, cleanup } = tempDataDir('inbox-avatar-storage-');
  defer(cleanup);
  const dispatcher = new Agent();
  defer(() => dispatcher.close());
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher, allowLoopbackImages: true, allowLoopbackBaseUrls: true, avatarCacheBytes, clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
  defer(() => core.close());
  const account = await core.addAccount({ provider: 'reactin', name: 'Pictures', apiKey: 'rk_pics', config: { organizationId: 'org_pics', baseUrl: sim.baseUrl } });
  await core.syncNow(account.id);
  const ids = sim.conversations.map((c) => core.conversationIdFor(account.id, c.id)!);
  const stored = () => {
    const db = new DatabaseSync(join(dir, DATABASE_FILE), { readOnly: true });
    try {
      return db.prepare('SELECT COUNT(*) AS rows, COALESCE(SUM(length(data)), 0) AS bytes FROM avatars').get() as { rows: number; bytes: number };
    } finally {
      db.close();
    }
  };
  return { core, sim, accountId: account.id, ids, stored: () => ({ ...stored() }) };
}

describe('stored profile pictures', () => {
  it('keep one picture per person when their URL rotates, replaced by the newest', async () => {
    const w = await world(1);
    const images = w.sim.conversations[0]!.participants[0]!.avatarUrl!.replace(/\/person-0\.png\?sig=0$/, '');
    for (let sig = 1; sig <= 30; sig++) {
      w.sim.conversations[0]!.participants[0]!.avatarUrl = `${images}/person-0.png?sig=${sig}`;
      w.sim.addInboundMessage(w.sim.conversations[0]!.id, `news ${sig}`);
      await w.core.syncNow(w.accountId);
      expect(await w.core.avatar(w.ids[0]!)).toMatch(/^data:image\/png;base64,/);
    }
    expect(w.stored()).toEqual({ rows: 1, bytes: PICTURE.length });
  });

  it('stay under the total size: the least recently fetched go first', async () => {
    const w = await world(12, 5 * PICTURE.length);
    for (const id of w.ids) expect(await w.core.avatar(id)).toMatch(/^data:image\/png;base64,/);
    const { rows, bytes } = w.stored();
    expect(bytes).toBeLessThanOrEqual(5 * PICTURE.length);
    expect(rows).toBe(5);
    // The newest is still served from the cache.
    expect(await w.core.avatar(w.ids.at(-1)!)).toMatch(/^data:image\/png;base64,/);
  });

  it('go with their account', async () => {
    const w = await world(4);
    for (const id of w.ids) await w.core.avatar(id);
    expect(w.stored().rows).toBe(4);
    await w.core.removeAccount(w.accountId);
    expect(w.stored()).toEqual({ rows: 0, bytes: 0 });
  });
});
