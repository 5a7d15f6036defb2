import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fakes = vi.hoisted(() => ({ supported: true, shown: [] as any[] }));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class Notification extends EventEmitter {
    static isSupported = () => fakes.supported;
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      fakes.shown.push(this);
    }
  }
  return { Notification };
});

import { OPEN_CONVERSATION_CHANNEL } from '../../src/shared/ipc';
import { DesktopNotifier, type NotifiedWindow } from '../../src/main/notifier';

function fakeWindow(loading = false) {
  const contents = Object.assign(new EventEmitter(), { send: vi.fn(), isLoading: vi.fn(() => loading) });
  return { webContents: contents } satisfies NotifiedWindow;
}

beforeEach(() => {
  fakes.supported = true;
  fakes.shown.length = 0;
});

describe('DesktopNotifier', () => {
  it('shows a notification with the title and body', () => {
    new DesktopNotifier(() => null).notify({ title: 'Ada Lovelace', body: 'Are you free on Tuesday?' });
    expect(fakes.shown).toHaveLength(1);
    expect(fakes.shown[0].options).toEqual({ title: 'Ada Lovelace', body: 'Are you free on Tuesday?' });
  });

  it('shortens a long message to a notification-sized body', () => {
    new DesktopNotifier(() => null).notify({ title: 'T', body: 'x'.repeat(5000) });
    const body: string = fakes.shown[0].options.body;
    expect(body.length).toBeLessThanOrEqual(240);
    expect(body.endsWith('…')).toBe(true);
  });

  it('on click, brings the window forward and asks the renderer to open the conversation', () => {
    const win = fakeWindow();
    const bringForward = vi.fn(() => win);
    new DesktopNotifier(bringForward).notify({ title: 'Ada', body: 'Hi', conversationId: 'c_7' });
    expect(bringForward).not.toHaveBeenCalled();
    fakes.shown[0].emit('click');
    expect(bringForward).toHaveBeenCalledTimes(1);
    expect(win.webContents.send).toHaveBeenCalledExactlyOnceWith(OPEN_CONVERSATION_CHANNEL, 'c_7');
  });

  it('waits for a window that is still loading before asking it to open the conversation', () => {
    const win = fakeWindow(true);
    new DesktopNotifier(() => win).notify({ title: 'Ada', body: 'Hi', conversationId: 'c_8' });
    fakes.shown[0].emit('click');
    expect(win.webContents.send).not.toHaveBeenCalled();
    win.webContents.emit('did-finish-load');
    expect(win.webContents.send).toHaveBeenCalledExactlyOnceWith(OPEN_CONVERSATION_CHANNEL, 'c_8');
  });

  it('only focuses the window for a notification about no conversation', () => {
    const win = fakeWindow();
    const bringForward = vi.fn(() => win);
    new DesktopNotifier(bringForward).notify({ title: 'Sync', body: 'Done' });
    fakes.shown[0].emit('click');
    expect(bringForward).toHaveBeenCalledTimes(1);
    expect(win.webContents.send).not.toHaveBeenCalled();
  });

  it('does nothing when the system cannot show notifications', () => {
    fakes.supported = false;
    new DesktopNotifier(() => null).notify({ title: 'Ada', body: 'Hi' });
    expect(fakes.shown).toHaveLength(0);
  });

  it('survives a click when no window can be shown (the app is quitting)', () => {
    new DesktopNotifier(() => null).notify({ title: 'Ada', body: 'Hi', conversationId: 'c_9' });
    expect(() => fakes.shown[0].emit('click')).not.toThrow();
  });
});
