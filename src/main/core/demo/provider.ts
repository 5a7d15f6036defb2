/**
 * The demo account's provider: generated conversations served through the same
 * Provider interface, sync and outbox as a real service, with no network and no key.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports';
import { PROVIDER_CAPABILITIES } from '../providers/capabilities';
import { notOffered } from '../providers/not-offered';
import type { Capabilities, MirrorAction, Page, PageRequest, Provider, RemoteConversation, RemoteMessage, SendTarget } from '../providers/types';
import { DEMO_SELF_ID, generateDemoThreads, type DemoThread } from './generator';

const CAPABILITIES: Capabilities = PROVIDER_CAPABILITIES.demo;

function paginate<T>(items: T[], req: PageRequest, max: number): Page<T> {
  const offset = req.cursor ? Number(req.cursor) : 0;
  const limit = Math.min(req.limit ?? max, max);
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? String(offset + limit) : null;
  return { items: slice, nextCursor: next };
}

export class DemoProvider implements Provider {
  readonly kind = 'demo' as const;
  readonly capabilities = CAPABILITIES;
  readonly maxPageSize = 100;
  private readonly threads: Map<string, DemoThread>;
  private readonly order: string[];

  /** `seed` and `createdAt` come from the account, so the data is stable across restarts. */
  constructor(seed: string, createdAt: number, private readonly clock: Clock) {
    const threads = generateDemoThreads(seed, createdAt);
    this.threads = new Map(threads.map((t) => [t.conversation.remoteId, t]));
    this.order = threads.map((t) => t.conversation.remoteId);
  }

  async listConversations(req: PageRequest): Promise<Page<RemoteConversation>> {
    const sorted = [...this.order].sort(
      (a, b) => (this.threads.get(b)!.messages[0]?.sentAt ?? 0) - (this.threads.get(a)!.messages[0]?.sentAt ?? 0),
    );
    const page = paginate(sorted, req, this.maxPageSize);
    return { items: page.items.map((id) => this.threads.get(id)!.conversation), nextCursor: page.nextCursor };
  }

  async listMessages(remoteConversationId: string, req: PageRequest): Promise<Page<RemoteMessage>> {
    const t = this.threads.get(remoteConversationId);
    return t ? paginate(t.messages, req, this.maxPageSize) : { items: [], nextCursor: null };
  }

  async sendMessage({ remoteConversationId }: SendTarget, text: string): Promise<RemoteMessage> {
    const msg: RemoteMessage = { remoteId: `demo-sent-${randomUUID()}`, senderRemoteId: DEMO_SELF_ID, text, sentAt: this.clock.now(), fromMe: true };
    const t = this.threads.get(remoteConversationId);
    if (t) {
      t.messages.unshift(msg);
      t.conversation = { ...t.conversation, lastMessage: msg };
    }
    return msg;
  }

  async mirror(_remoteConversationId: string, action: MirrorAction): Promise<void> {
    throw notOffered(action);
  }

  async testConnection(): Promise<void> {}
}
