import { describe, expect, it } from 'vitest';
import type { InboxApi } from '../../src/shared/ipc';
import { INBOX_METHODS } from '../../src/shared/ipc';
import { AppError } from '../../src/main/core/errors';
import { createInboxDispatcher } from '../../src/main/ipc/handlers';

/** Records what reached the API, so a test can prove bad input never did. */
function recordingApi() {
  const calls: { method: string; args: unknown[] }[] = [];
  const api = Object.fromEntries(
    INBOX_METHODS.map((m) => [
      m,
      async (...args: unknown[]) => {
        calls.push({ method: m, args });
        if (m === 'archive' && args[0] === 'gone') throw new AppError('not-found', 'That conversation is no longer in the cache.');
        if (m === 'archive' && args[0] === 'boom') throw new Error('secret internal detail /home/user/x');
        return m === 'listAccounts' ? [] : undefined;
      },
    ]),
  ) as unknown as InboxApi;
  return { api, calls };
}

describe('the IPC dispatcher', () => {
  it('passes valid arguments through and wraps the answer', async () => {
    const { api, calls } = recordingApi();
    const dispatch = createInboxDispatcher(api);
    expect(await dispatch('listAccounts', [])).toEqual({ ok: true, value: [] });
    expect(await dispatch('listConversations', [{ view: 'inbox', limit: 50 }])).toEqual({ ok: true, value: null });
    expect(await dispatch('sendReply', ['c_1', 'Hello'])).toEqual({ ok: true, value: null });
    expect(await dispatch('listConversations', [{ view: 'label:l_1' }])).toEqual({ ok: true, value: null });
    expect(calls).toEqual([
      { method: 'listAccounts', args: [] },
      { method: 'listConversations', args: [{ view: 'inbox', limit: 50 }] },
      { method: 'sendReply', args: ['c_1', 'Hello'] },
      { method: 'listConversations', args: [{ view: 'label:l_1' }] },
    ]);
  });

  it.each([
    ['an unknown method', 'deleteEverything', []],
    ['a prototype key', '__proto__', []],
    ['a wrong type', 'archive', [42]],
    ['a missing argument', 'openConversation', []],
    ['an extra argument', 'archive', ['c_1', 'extra']],
    ['an unknown view', 'listConversations', [{ view: 'trash' }]],
    ['a negative offset', 'listConversations', [{ view: 'inbox', offset: -1 }]],
    ['an unknown field', 'addAccount', [{ provider: 'reactin', name: 'x', config: { evil: 1 } }]],
    ['an unknown provider', 'addAccount', [{ provider: 'myspace', name: 'x', config: {} }]],
    ['a non-array payload', 'archive', 'c_1' as unknown as unknown[]],
  ])('rejects %s with a typed error before the core sees it', async (_name, method, args) => {
    const { api, calls } = recordingApi();
    const res = await createInboxDispatcher(api)(method, args as unknown[]);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid-input');
      expect(res.error.message.length).toBeGreaterThan(10);
    }
    expect(calls).toEqual([]);
  });

  it('carries an AppError sentence across, and hides the details of anything else', async () => {
    const logged: unknown[] = [];
    const dispatch = createInboxDispatcher(recordingApi().api, (err) => logged.push(err));
    expect(await dispatch('archive', ['gone'])).toEqual({ ok: false, error: { code: 'not-found', message: 'That conversation is no longer in the cache.' } });
    const res = await dispatch('archive', ['boom']);
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(res)).not.toContain('/home/user');
    expect(logged).toHaveLength(1);
  });
});
