/**
 * "Export all data…": everything the person has in the app lands in one JSON file they chose,
 * with nothing left out that they would miss (snoozes and their notes, labels, a reply that
 * failed, a draft, snippets) and nothing in it that must never leave the keychain (API keys).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { SCHEMA_VERSION as LATEST } from '../../src/main/core/db/migrations';
import { startLinkupSimulator, type LinkupSim } from '../simulators/linkup';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { VirtualClock } from '../support/clock';
import { offlineDispatcher, sendAtOnce, tempDataDir } from '../support/core';
import { seedLargeInbox } from '../support/seed';

// Distinctive keys: if any part of one shows up in the export, the test sees it.
const REACTIN_KEY = 'rk_live_EXPORTLEAK_9f8e7d6c5b4a3928';
const LINKUP_KEY = 'lk_live_EXPORTLEAK_1a2b3c4d5e6f7081';
const START = Date.UTC(2026, 10, 21, 9);
const DAY = 86_400_000;
/** A ceiling, not a wait: seeding and exporting 10,000 conversations passed 60 s on this 2-core machine under load. */
const HEAVY_TIMEOUT_MS = 300_000;

interface ExportedMessage {
  id: string;
  text: string;
  sentAt: string;
  fromMe: boolean;
  sender: { remoteId: string | null; name: string };
  status: 'sent' | 'pending' | 'failed';
  error: string | null;
}
interface ExportedConversation {
  id: string;
  accountId: string;
  title: string;
  participants: { name: string; headline: string | null; company: string | null }[];
  unreadCount: number;
  readAt: string | null;
  archived: { mode: string; at: string } | null;
  snooze: { until: string; note: string | null; cancelIfReply: boolean } | null;
  reminder: { at: string; note: string | null } | null;
  labels: string[];
  messages: ExportedMessage[];
}
interface ExportDoc {
  format: string;
  version: number;
  exportedAt: string;
  schemaVersion: number;
  accounts: { id: string; provider: string; name: string; config: Record<string, unknown> }[];
  labels: { id: string; name: string; color: string; pinned: boolean }[];
  conversations: ExportedConversation[];
  drafts: { conversationId: string; text: string }[];
  scheduledReplies: { conversationId: string; messageId: string; text: string; sendAt: string; state: string; note: string | null }[];
  settings: { snippets: { name: string; body: string }[]; undoSendSeconds: number; savedSplits: { id: string; name: string; query: string }[] };
}

let reactin: ReactInSim;
let linkup: LinkupSim;
let data: { dir: string; cleanup: () => void };
let out: { dir: string; cleanup: () => void };
const dispatcher = new Agent();
const clock = new VirtualClock(START, { autoAdvance: true });
let core: InboxCore;
let chosen: string | null = null;
const chooseExportPath = vi.fn(async (suggested: string) => (chosen === null ? null : join(out.dir, chosen === '' ? suggested : chosen)));
const ids = { reactin: '', linkup: '' };
const conv = { snoozed: '', labelled: '', smart: '', forever: '', failed: '', pending: '', drafted: '' };

beforeAll(async () => {
  reactin = await startReactInSimulator({ apiKey: REACTIN_KEY, organizationId: 'org_export', conversations: 8, getPerMinute: 100_000, postPerMinute: 100_000, now: () => clock.now() });
  linkup = await startLinkupSimulator({ apiKey: LINKUP_KEY, accountId: 'acc_export', conversations: 6, seed: 7, now: () => clock.now() });
  data = tempDataDir('inbox-export-');
  out = tempDataDir('inbox-export-out-');
  const secrets = new MemorySecretStore();
  core = await createCore({ allowLoopbackBaseUrls: true, dataDir: data.dir, secrets, dispatcher, clock, settings: sendAtOnce(), chooseExportPath });
  ids.reactin = (await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: REACTIN_KEY, config: { organizationId: 'org_export', baseUrl: reactin.baseUrl } })).id;
  ids.linkup = (await core.addAccount({ provider: 'linkup', name: 'Recruiting seat', apiKey: LINKUP_KEY, config: { accountId: 'acc_export', baseUrl: linkup.baseUrl } })).id;
  await core.syncNow();

  const inbox = (await core.listConversations({ view: 'inbox' })).items;
  const fromReactIn = inbox.filter((c) => c.accountId === ids.reactin);
  const fromLinkup = inbox.filter((c) => c.accountId === ids.linkup);
  conv.snoozed = fromLinkup[0]!.id;
  conv.labelled = fromLinkup[1]!.id;
  conv.smart = fromLinkup[2]!.id;
  conv.forever = fromReactIn[0]!.id;
  conv.failed = fromReactIn[1]!.id;
  conv.pending = fromReactIn[2]!.id;
  conv.drafted = fromReactIn[3]!.id;

  await core.snooze(conv.snoozed, { until: START + 3 * DAY, note: 'Call after the offsite', cancelIfReply: true });
  const hot = await core.createLabel('Hot lead', 'red');
  await core.updateLabel(hot.id, { pinned: true });
  const investors = await core.createLabel('Investors');
  await core.setLabels([conv.labelled], [hot.id, investors.id], []);
  await core.archive(conv.smart);
  await core.archive(conv.forever, 'forever');
  // A reply the provider refuses: the account behind it was disconnected.
  await core.sendReply(conv.failed, 'Are you free on Thursday?');
  const remoteFailed = reactin.conversations.find((c) => core.conversationIdFor(ids.reactin, c.id) === conv.failed)!;
  reactin.setDisconnected(remoteFailed.id, true);
  await core.deliverOutbox();
  reactin.setDisconnected(remoteFailed.id, false);
  // A reply still waiting to go (the core was not started, nothing delivers it).
  await core.sendReply(conv.pending, 'Sending you the deck now');
  await core.saveDraft(conv.drafted, 'Draft: about the Q3 numbers…');
  // A reply scheduled to go later ("send later"), not yet due.
  await core.scheduleReply(conv.snoozed, 'Happy new year!', START + 10 * DAY);
  await core.updateSettings({ snippets: [{ id: 'snip-1', name: 'Intro', body: 'Hi {firstName}, thanks for connecting!' }] });
  await core.updateSettings({ savedSplits: [{ id: 'split-1', name: 'Unread deck', query: 'deck is:unread' }] });
}, HEAVY_TIMEOUT_MS);

afterAll(async () => {
  await core?.close();
  await reactin?.close();
  await linkup?.close();
  await dispatcher.close();
  data?.cleanup();
  out?.cleanup();
});

function dbCount(sql: string): number {
  const db = new DatabaseSync(join(data.dir, DATABASE_FILE), { readOnly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('Export all data', () => {
  it('writes every conversation, message, label, snooze, failed and pending reply, draft and snippet to the file the person chose', async () => {
    chosen = '';
    // Other tests leave their own files in the folder; this one looks only at what it adds.
    const before = new Set(readdirSync(out.dir));
    const summary = await core.exportData();
    expect(chooseExportPath).toHaveBeenLastCalledWith('linkedin-inbox-export-2026-11-21.json');
    const path = join(out.dir, 'linkedin-inbox-export-2026-11-21.json');
    expect(summary).toEqual({
      path,
      conversations: dbCount('SELECT COUNT(*) AS n FROM conversations'),
      messages: dbCount('SELECT COUNT(*) AS n FROM messages'),
      labels: 2,
    });
    expect(summary!.conversations).toBe(14);
    expect(summary!.messages).toBeGreaterThan(40);

    const text = readFileSync(path, 'utf8');
    const doc = JSON.parse(text) as ExportDoc;
    expect(doc).toMatchObject({ format: 'linkedin-inbox-export', version: 1, schemaVersion: LATEST });
    expect(Date.parse(doc.exportedAt)).toBeGreaterThanOrEqual(START);

    // The numbers in the file are the numbers in the app.
    expect(doc.conversations).toHaveLength(summary!.conversations);
    expect(doc.conversations.reduce((n, c) => n + c.messages.length, 0)).toBe(summary!.messages);
    expect(new Set(doc.conversations.flatMap((c) => c.messages.map((m) => m.id))).size).toBe(summary!.messages);

    // Accounts, with the settings that are not secret.
    expect(doc.accounts.map((a) => [a.provider, a.name])).toEqual([
      ['reactin', 'Sales seat'],
      ['linkup', 'Recruiting seat'],
    ]);
    expect(doc.accounts[0]!.config).toMatchObject({ organizationId: 'org_export', baseUrl: reactin.baseUrl });

    const byId = new Map(doc.conversations.map((c) => [c.id, c]));
    expect(byId.get(conv.snoozed)!.snooze).toEqual({ until: new Date(START + 3 * DAY).toISOString(), note: 'Call after the offsite', cancelIfReply: true });
    expect(byId.get(conv.labelled)!.labels.sort()).toEqual(['Hot lead', 'Investors']);
    expect(doc.labels.map((l) => [l.name, l.pinned])).toEqual([
      ['Hot lead', true],
      ['Investors', false],
    ]);
    expect(byId.get(conv.smart)!.archived).toMatchObject({ mode: 'smart' });
    expect(byId.get(conv.forever)!.archived).toMatchObject({ mode: 'forever' });
    expect(byId.get(conv.drafted)!.archived).toBeNull();
    expect(byId.get(conv.failed)!.messages.at(-1)).toMatchObject({
      text: 'Are you free on Thursday?',
      fromMe: true,
      status: 'failed',
      error: expect.stringContaining('disconnected'),
    });
    expect(byId.get(conv.pending)!.messages.at(-1)).toMatchObject({ text: 'Sending you the deck now', status: 'pending', error: null });
    expect(doc.drafts).toEqual([expect.objectContaining({ conversationId: conv.drafted, text: 'Draft: about the Q3 numbers…' })]);
    expect(doc.scheduledReplies).toEqual([
      { conversationId: conv.snoozed, messageId: expect.stringMatching(/^m_/), text: 'Happy new year!', sendAt: new Date(START + 10 * DAY).toISOString(), state: 'waiting', note: null },
    ]);
    expect(doc.settings.snippets).toEqual([{ id: 'snip-1', name: 'Intro', body: 'Hi {firstName}, thanks for connecting!' }]);
    expect(doc.settings.savedSplits).toEqual([{ id: 'split-1', name: 'Unread deck', query: 'deck is:unread' }]); // searches saved as split tabs

    // A thread reads in the file as it reads in the app: same messages, same order, same people.
    const thread = await core.openConversation(conv.labelled);
    const exported = byId.get(conv.labelled)!;
    expect(exported.messages.map((m) => [m.text, m.fromMe, Date.parse(m.sentAt)])).toEqual(thread.messages.map((m) => [m.text, m.fromMe, m.sentAt]));
    expect(exported.participants[0]).toMatchObject({ name: thread.conversation.participant.name, headline: thread.conversation.participant.headline });

    // And no key, nor any recognisable piece of one, anywhere in the file.
    for (const key of [REACTIN_KEY, LINKUP_KEY]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(-12));
    }
    expect(text).not.toContain('EXPORTLEAK');
    // Only the export itself is left in the folder: no temporary file.
    expect(readdirSync(out.dir).filter((f) => !before.has(f))).toEqual(['linkedin-inbox-export-2026-11-21.json']);
  });

  it('replaces an older export at the same path completely', async () => {
    const path = join(out.dir, 'replace-me.json');
    writeFileSync(path, 'x'.repeat(5_000_000)); // longer than the new export: no tail may survive
    chosen = 'replace-me.json';
    const summary = await core.exportData();
    expect(summary?.path).toBe(path);
    expect((JSON.parse(readFileSync(path, 'utf8')) as ExportDoc).conversations).toHaveLength(summary!.conversations);
  });

  it('writes nothing when the person cancels the Save dialog', async () => {
    const before = readdirSync(out.dir).sort();
    chosen = null;
    await expect(core.exportData()).resolves.toBeNull();
    expect(readdirSync(out.dir).sort()).toEqual(before);
  });

  it('says why when the file cannot be saved there, and leaves no partial file behind', async () => {
    mkdirSync(join(out.dir, 'a-folder.json'));
    chosen = 'a-folder.json'; // the chosen name is taken by a folder: the final rename fails
    const before = readdirSync(out.dir).sort();
    await expect(core.exportData()).rejects.toThrow(/^The export could not be saved to .*a-folder\.json: .*Nothing was written there; choose another place and try again\.$/);
    expect(readdirSync(out.dir).sort()).toEqual(before);
    expect(readdirSync(join(out.dir, 'a-folder.json'))).toEqual([]);

    chosen = join('no-such-folder', 'export.json');
    await expect(core.exportData()).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('that folder does not exist') });
    expect(existsSync(join(out.dir, 'no-such-folder'))).toBe(false);
  });
});

it('without a way to ask where to save, says so instead of writing anywhere', async () => {
  const d = tempDataDir('inbox-export-noport-');
  const offline = offlineDispatcher();
  const bare = await createCore({ allowLoopbackBaseUrls: true, dataDir: d.dir, secrets: new MemorySecretStore(), dispatcher: offline });
  await expect(bare.exportData()).rejects.toMatchObject({ code: 'not-ready', message: 'This copy of the app cannot ask where to save a file, so nothing was exported.' });
  await bare.close();
  await offline.close();
  d.cleanup();
});

it('exports a cache of 10,000 conversations and 100,000 messages completely', async () => {
  const d = tempDataDir('inbox-export-large-');
  const target = tempDataDir('inbox-export-large-out-');
  const seeded = await seedLargeInbox(d.dir, { conversations: 10_000, messages: 100_000 });
  const offline = offlineDispatcher();
  const big = await createCore({ allowLoopbackBaseUrls: true, dataDir: d.dir, secrets: new MemorySecretStore(), dispatcher: offline, chooseExportPath: async (name) => join(target.dir, name) });
  try {
    const summary = await big.exportData();
    expect(summary).toMatchObject({ conversations: seeded.conversations, messages: seeded.messages, labels: 0 });
    expect(seeded.messages).toBeGreaterThanOrEqual(100_000);
    const doc = JSON.parse(readFileSync(summary!.path, 'utf8')) as ExportDoc;
    expect(doc.conversations).toHaveLength(10_000);
    expect(doc.conversations.reduce((n, c) => n + c.messages.length, 0)).toBe(seeded.messages);
    // Spot checks against what the app shows: the people and the latest message of a few conversations.
    for (const c of [doc.conversations[0]!, doc.conversations[4_999]!, doc.conversations[9_999]!]) {
      const thread = await big.openConversation(c.id);
      expect(c.participants[0]!.name).toBe(thread.conversation.participant.name);
      expect(c.messages.map((m) => m.text)).toEqual(thread.messages.map((m) => m.text));
    }
  } finally {
    await big.close();
    await offline.close();
    d.cleanup();
    target.cleanup();
  }
}, HEAVY_TIMEOUT_MS);
