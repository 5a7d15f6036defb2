/**
 * Snippets that never embarrass (issue 17.6) hold for replies sent later too (17.5): a reply with a
 * variable that would go out empty is asked about before the send-later picker opens, and "Send
 * anyway" then opens the picker. Store-level, on the fake core.
 */
import { describe, expect, it } from 'vitest';
import type { Thread } from '../../src/shared/domain';
import { createInboxStore } from '../../src/renderer/src/store';
import { conversation, fakeCore } from './fake-core';

function withOpenThread(draft: string) {
  const store = createInboxStore(fakeCore().api);
  const c = conversation(1, { participant: { name: 'Ana Lima', headline: null, company: null, avatarUrl: null, profileUrl: null } });
  const thread = { conversation: c, composer: { enabled: true, reason: null }, draft: '', messages: [], olderCount: 0, newerCount: 0 } as unknown as Thread;
  store.setState({ openId: c.id, thread, drafts: { [c.id]: draft } });
  return store;
}

describe('send later with a snippet variable left in', () => {
  it('asks first, as sending does; "Send anyway" opens the picker', () => {
    const store = withOpenThread('Hi {firstName}, how is everyone at {company}?');
    expect(store.getState().openSendLater()).toBe(true);
    expect(store.getState().popover).toBeNull();
    expect(store.getState().sendQuestion).toMatchObject({ conversationId: 'c1', later: true });
    expect(store.getState().sendQuestion?.question).toMatch(/company/i);

    expect(store.getState().openSendLater(true)).toBe(true);
    expect(store.getState().sendQuestion).toBeNull();
    expect(store.getState().popover).toEqual({ kind: 'sendLater', ids: ['c1'] });
  });

  it('opens the picker at once for a reply with no variable left in (snippets fill theirs as they are inserted)', () => {
    const store = withOpenThread('Hi Ana, how is everyone at your team?');
    expect(store.getState().openSendLater()).toBe(true);
    expect(store.getState().sendQuestion).toBeNull();
    expect(store.getState().popover).toEqual({ kind: 'sendLater', ids: ['c1'] });
  });
});
