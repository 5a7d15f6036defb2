import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, invokeChannel } from '../../src/shared/ipc';
import { createTrustedSenderCheck, registerInboxIpc, type SenderFrame } from '../../src/main/ipc/register';

// register.ts only imports types from 'electron'; this mock proves nothing loads it at run time.
vi.mock('electron', () => {
  throw new Error('register.ts must not load electron at run time');
});

const rendererUrl = 'app://inbox/index.html';
/** Where the same page lies on disk in a packaged app: trusted no more since it is served on app://. */
const rendererFileUrl = pathToFileURL(join('/opt/inbox/resources/app.asar/out/renderer/index.html')).href;
const topFrame = (url: string): SenderFrame => ({ url, parent: null });
const childFrame = (url: string): SenderFrame => ({ url, parent: topFrame(rendererUrl) });

/** An ipcMain stand-in that keeps the handlers, so a test can invoke them like Electron does. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const registry = {
    handle: vi.fn((channel: string, listener: (event: any, ...args: unknown[]) => Promise<unknown>) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const invoke = (channel: string, frame: SenderFrame | null | undefined, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, ...args);
  };
  return { registry, handlers, invoke };
}

function setup(devServerUrl?: string) {
  const ipc = fakeIpcMain();
  const dispatch = vi.fn(async (method: string, args: unknown[]) => ({ ok: true as const, value: { method, args } }));
  const remove = registerInboxIpc(ipc.registry, dispatch, createTrustedSenderCheck({ rendererUrl, devServerUrl }));
  return { ...ipc, dispatch, remove };
}

describe('registerInboxIpc', () => {
  it('registers exactly one handler per method, on its own channel', () => {
    const { registry, handlers } = setup();
    expect(registry.handle).toHaveBeenCalledTimes(IPC_METHODS.length);
    expect([...handlers.keys()].sort()).toEqual(IPC_METHODS.map((m) => invokeChannel(m)).sort());
  });

  it('passes a call from our window to dispatch, with its method and arguments, and returns its answer', async () => {
    const { invoke, dispatch } = setup();
    const answer = await invoke(invokeChannel('sendReply'), topFrame(rendererUrl), 'c_1', 'Hello there');
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('sendReply', ['c_1', 'Hello there']);
    expect(answer).toEqual({ ok: true, value: { method: 'sendReply', args: ['c_1', 'Hello there'] } });
  });

  it('routes each channel to its own method', async () => {
    const { invoke, dispatch } = setup();
    for (const method of IPC_METHODS) await invoke(invokeChannel(method), topFrame(rendererUrl), method);
    expect(dispatch.mock.calls.map(([method, args]) => [method, args[0]])).toEqual(IPC_METHODS.map((m) => [m, m]));
  });

  it('accepts our page with a hash or query (client-side routes)', async () => {
    const { invoke, dispatch } = setup();
    await invoke(invokeChannel('viewCounts'), topFrame(`${rendererUrl}#/thread/c_1`));
    await invoke(invokeChannel('viewCounts'), topFrame(`${rendererUrl}?x=1`));
    expect(dispatch).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['a missing frame (navigated away or closed)', null],
    ['an undefined frame', undefined],
    ['an iframe inside our own page', childFrame(rendererUrl)],
    ['a remote page', topFrame('https://evil.example/index.html')],
    ['another local file', topFrame(pathToFileURL('/tmp/evil/index.html').href)],
    ['the renderer page opened from file://', topFrame(rendererFileUrl)],
    ['another page on our scheme and host', topFrame('app://inbox/other.html')],
    ['our page on another host of our scheme', topFrame('app://evil/index.html')],
    ['a host that only starts like ours', topFrame('app://inbox.evil/index.html')],
    ['our path on another scheme', topFrame('https://inbox/index.html')],
    ['the dev server address when no dev server is in use', topFrame('http://localhost:5173/')],
    ['about:blank', topFrame('about:blank')],
    ['data: URL', topFrame('data:text/html,<script>1</script>')],
    ['an unparseable URL', topFrame('not a url')],
  ])('refuses %s without calling dispatch', async (_name, frame) => {
    const { invoke, dispatch } = setup();
    const answer = await invoke(invokeChannel('removeAccount'), frame, 'acc_1');
    expect(dispatch).not.toHaveBeenCalled();
    expect(answer).toEqual({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/did not come from the app window/) } });
  });

  it('refuses when reading the sender frame throws (a destroyed frame)', async () => {
    const { handlers, dispatch } = setup();
    const event = {
      get senderFrame(): SenderFrame {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    const answer = await handlers.get(invokeChannel('listAccounts'))!(event);
    expect(dispatch).not.toHaveBeenCalled();
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('turns a dispatcher that throws into an internal error without its details', async () => {
    const ipc = fakeIpcMain();
    registerInboxIpc(ipc.registry, async () => {
      throw new Error('/home/someone/secret path');
    }, createTrustedSenderCheck({ rendererUrl }));
    const answer = (await ipc.invoke(invokeChannel('listAccounts'), topFrame(rendererUrl))) as any;
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(answer.error.message).not.toContain('secret');
  });

  it('returns a function that removes every handler it added', () => {
    const { remove, handlers, registry } = setup();
    remove();
    expect(handlers.size).toBe(0);
    expect(registry.removeHandler).toHaveBeenCalledTimes(IPC_METHODS.length);
  });
});

describe('the trusted-sender check in development', () => {
  const check = createTrustedSenderCheck({ rendererUrl, devServerUrl: 'http://localhost:5173' });

  it('trusts the top frame of the dev server origin, any path', () => {
    expect(check(topFrame('http://localhost:5173/'))).toBe(true);
    expect(check(topFrame('http://localhost:5173/index.html#/inbox'))).toBe(true);
  });

  it('still trusts the built renderer page', () => {
    expect(check(topFrame(rendererUrl))).toBe(true);
  });

  it.each(['http://localhost:5174/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'http://localhost.evil.example:5173/'])(
    'refuses %s',
    (url) => {
      expect(check(topFrame(url))).toBe(false);
    },
  );

  it('refuses an iframe even on the dev server origin', () => {
    expect(check({ url: 'http://localhost:5173/', parent: topFrame('http://localhost:5173/') })).toBe(false);
  });
});
