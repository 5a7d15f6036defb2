/**
 * The connection doctor against each provider's loopback simulator: a read-only probe whose
 * report holds shapes only (no key, no message text, no participant name, planted here as
 * distinctive strings), says confirmed for what the simulators do as the adapters assume, and
 * contradicted when a simulator answers with another shape.
 */
import { describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import type { AccountConfig, ProviderKind } from '../../src/shared/domain';
import { systemClock } from '../../src/main/core/ports';
import { diagnose, type DoctorReport } from '../../src/main/core/doctor/doctor';
import { reportMarkdown } from '../../src/main/core/doctor/report';
import { startConnectSafelySimulator } from '../simulators/connectsafely';
import { startCrispySimulator, type CrispySimOptions } from '../simulators/crispy';
import { startLinkupSimulator } from '../simulators/linkup';
import { startReactInSimulator } from '../simulators/reactin';
import { plant, startHostileProxy, type AnySim } from '../simulators/hostile';
import { testAccount } from '../support/accounts';
import { cleanupAfterEach } from '../support/cleanups';

const defer = cleanupAfterEach();

const KEY = 'sk_live_DOCTOR_Kq8vX2pLm9Zt4RwY';
const NAME = 'Zephyrine Quillfeatherston';
const HEADLINE = 'Chief Marmalade Officer at Oscillatrix';
const TEXT = 'Tangerine-Helicopter-7781 is our secret';
const REPLY_TEXT = 'Periwinkle-Submarine-4402 answer';

type Kind = Exclude<ProviderKind, 'demo'>;

interface Run {
  report: DoctorReport;
  markdown: string;
  sent: () => number;
}

/** Starts the simulator of `kind` with one planted conversation, runs the doctor, returns its report. */
async function runDoctor(kind: Kind, opts: { crispy?: Partial<CrispySimOptions>; rewrite?: (json: any) => unknown } = {}): Promise<Run> {
  const agent = new Agent({ connections: 4 });
  defer(() => agent.destroy());
  let target: AnySim;
  let config: AccountConfig;
  let sent: () => number;
  switch (kind) {
    case 'reactin': {
      const sim = await startReactInSimulator({ apiKey: KEY, organizationId: 'org_doctor', conversations: 0 });
      defer(() => sim.close());
      target = { kind, sim };
      config = { organizationId: 'org_doctor', baseUrl: sim.baseUrl };
      sent = () => sim.sent.length;
      break;
    }
    case 'linkup': {
      const sim = await startLinkupSimulator({ apiKey: KEY, accountId: 'acc_doctor', conversations: 0 });
      defer(() => sim.close());
      target = { kind, sim };
      config = { accountId: 'acc_doctor', baseUrl: sim.baseUrl };
      sent = () => sim.sent.length;
      break;
    }
    case 'connectsafely': {
      const sim = await startConnectSafelySimulator({ apiKey: KEY, conversations: 0 });
      defer(() => sim.close());
      target = { kind, sim };
      config = { baseUrl: sim.baseUrl };
      sent = () => sim.sent.length + sim.marks.length;
      break;
    }
    case 'crispy': {
      const sim = await startCrispySimulator({ apiKey: KEY, conversations: 0, ...opts.crispy });
      defer(() => sim.close());
      target = { kind, sim };
      config = { baseUrl: sim.baseUrl };
      // Crispy's writes: replies, organize (archive, labels, snooze) and mark-read.
      sent = () => sim.sent.length + sim.organize.length + sim.reads.length;
      break;
    }
  }
  const now = Date.now();
  plant(target, { key: 'zq1', name: NAME, headline: HEADLINE, company: 'Oscillatrix', messages: [{ text: TEXT, at: now - 60_000 }, { text: REPLY_TEXT, at: now - 30_000 }] });
  if (opts.rewrite) {
    const proxy = await startHostileProxy(config.baseUrl!, agent);
    defer(() => proxy.close());
    proxy.always({ forward: (url) => url, rewrite: opts.rewrite });
    config = { ...config, baseUrl: proxy.baseUrl(config.baseUrl!) };
  }
  const report = await diagnose({ account: testAccount(kind, config), getApiKey: async () => KEY, dispatcher: agent, clock: systemClock });
  return { report, markdown: reportMarkdown(report), sent };
}

const verdictOf = (report: DoctorReport, id: string) => report.assumptions.find((a) => a.id === id)?.verdict;

describe.each(['reactin', 'linkup', 'connectsafely', 'crispy'] as const)('the connection doctor against the %s simulator', (kind) => {
  it('reads the planted conversation and its messages, sends nothing, and its report holds no key, text or name', async () => {
    const { report, markdown, sent } = await runDoctor(kind);
    const conversations = report.probes.find((p) => p.probe === 'list conversations');
    const messages = report.probes.find((p) => p.probe === 'list messages');
    // The probes did read the planted strings, so their absence from the report means something.
    expect(conversations).toMatchObject({ ok: true, items: 1 });
    expect(messages?.ok).toBe(true);
    expect(messages?.items).toBeGreaterThanOrEqual(2);
    expect(sent()).toBe(0);
    const json = JSON.stringify(report);
    for (const secret of [KEY, NAME, 'Zephyrine', 'Quillfeatherston', HEADLINE, 'Marmalade', 'Oscillatrix', TEXT, 'Tangerine', REPLY_TEXT, 'Periwinkle']) {
      expect(markdown).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    expect(markdown).toContain('## Assumptions');
    expect(report.trace.length).toBeGreaterThan(0);
  });

  it('says confirmed for every assumption the simulator follows, and never contradicted', async () => {
    const { report } = await runDoctor(kind);
    const contradicted = report.assumptions.filter((a) => a.verdict === 'contradicted');
    expect(contradicted).toEqual([]);
    const confirmed = report.assumptions.filter((a) => a.verdict === 'confirmed').length;
    // Only what needs a write (a send's answer) is left unseen.
    expect(confirmed).toBe(report.assumptions.length - 1);
  });
});

describe('the connection doctor against a simulator that answers with other shapes', () => {
  it('says contradicted when Crispy names the other people `attendees`, though the adapter still reads them', async () => {
    const { report, markdown } = await runDoctor('crispy', { crispy: { participantShape: 'attendees' } });
    expect(report.probes.find((p) => p.probe === 'list conversations')?.ok).toBe(true);
    expect(verdictOf(report, 'crispy.participants')).toBe('contradicted');
    expect(report.assumptions.find((a) => a.id === 'crispy.participants')?.evidence).toContain('participants is missing');
    expect(markdown).toMatch(/❌ contradicted \| `crispy\.participants`/);
    expect(verdictOf(report, 'crispy.conversation-list')).toBe('confirmed');
  });

  it('says contradicted when ReactIn renames `unreadCount` and sends timestamps as words', async () => {
    const rename = (json: any): unknown => {
      for (const c of json?.items ?? []) {
        if ('unreadCount' in c) {
          c.unread = c.unreadCount > 0;
          delete c.unreadCount;
        }
        if ('timestamp' in c) c.timestamp = 'last Tuesday';
      }
      return json;
    };
    const { report, markdown } = await runDoctor('reactin', { rewrite: rename });
    expect(verdictOf(report, 'reactin.unread-count')).toBe('contradicted');
    expect(verdictOf(report, 'reactin.timestamp')).toBe('contradicted');
    expect(verdictOf(report, 'reactin.list-items')).toBe('confirmed');
    expect(markdown).toContain('unreadCount is missing');
  });
});
