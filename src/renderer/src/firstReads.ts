/**
 * The window's first reads, asked of the core before the rest of the renderer is evaluated.
 *
 * A window's first rows wait on two things: this bundle (React, the components, the store) being
 * evaluated, and the core answering the store's first reads. They used to happen one after the
 * other, since the store asks only once every module has run. main.tsx imports this file first, so
 * its body runs before React's: it asks the core for exactly what the store's start() asks (the
 * inbox's first page and counts, the accounts, settings, labels, scheduled replies and key storage),
 * and the answers travel while the rest of the code is evaluated. The store then talks to the core
 * through `primeBridge`'s bridge, whose first call of each of these methods with the same arguments
 * takes the answer already on its way instead of asking again. Profiled on the 2-core machine at a
 * load of 3–6, the app's modules took about 250 ms to evaluate after the bundle was parsed, and the
 * first reads about 200 ms to come back.
 *
 * The rest of the app is a chunk of its own that main.tsx imports once these reads are asked, so
 * they are answered while that chunk downloads and is parsed (off the main thread), and the store
 * finds them waiting. Nothing the core reports meanwhile is lost: the primed bridge listens for
 * change events and opened notifications from the start and hands what came before to the first
 * listener, in order.
 */
import type { ChangeEvent } from '../../shared/domain';
import type { InboxBridge, InboxMethod } from '../../shared/ipc';
import { findBridge } from './api';
import { initialState, PAGE_SIZE } from './state/initial';

/** What the store's start() asks the core for, in the arguments it passes (state/list.ts, state/kit.ts). */
export const FIRST_READS: readonly (readonly [InboxMethod, readonly unknown[]])[] = [
  ['keyStorage', []],
  ['listAccounts', []],
  ['viewCounts', []],
  ['listConversations', [{ view: initialState.view, limit: PAGE_SIZE }]],
  ['getSettings', []],
  ['listLabels', []],
  ['listScheduled', []],
];

export interface PrimedBridge {
  /** The bridge for the store: the first reads' answers once each, then the bridge itself. */
  bridge: InboxBridge;
  /** The store has started: answers not taken by now are dropped (a later call asks afresh). */
  done(): void;
}

const keyOf = (method: string, args: readonly unknown[]) => `${method} ${JSON.stringify(args)}`;

/** Hands `value` to `listener`; what it throws is reported (the window's error handling), not passed on to the next. */
function deliver<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (err) {
    if (typeof reportError === 'function') reportError(err);
    else
      setTimeout(() => {
        throw err;
      });
  }
}

/**
 * Subscribes to one of the bridge's event streams now and returns its `subscribe`: what arrived
 * before anyone listened goes to the first listener as it subscribes, then every event to every
 * listener. A listener that throws stops neither the others nor the events after it.
 */
function keptUntilHeard<T>(subscribe: (listener: (value: T) => void) => () => void): (listener: (value: T) => void) => () => void {
  let kept: T[] | null = [];
  const listeners = new Set<(value: T) => void>();
  subscribe((value) => {
    if (kept) kept.push(value);
    else for (const listener of [...listeners]) deliver(listener, value);
  });
  return (listener) => {
    listeners.add(listener);
    const before = kept ?? [];
    kept = null;
    for (const value of before) deliver(listener, value);
    return () => {
      listeners.delete(listener);
    };
  };
}

/** Asks the first reads of `bridge` now and returns the bridge that hands their answers out. */
export function primeBridge(bridge: InboxBridge): PrimedBridge {
  const call = (method: InboxMethod, args: readonly unknown[]): Promise<unknown> => (bridge[method] as (...a: unknown[]) => Promise<unknown>)(...args);
  const early = new Map<string, Promise<unknown>>();
  for (const [method, args] of FIRST_READS) {
    // Asked now, in this module's evaluation: a microtask would wait for the whole bundle.
    let answer: Promise<unknown>;
    try {
      answer = Promise.resolve(call(method, args));
    } catch (err) {
      answer = Promise.reject(err);
    }
    answer.catch(() => {}); // one never taken must not be reported as unhandled; its taker sees the failure
    early.set(keyOf(method, args), answer);
  }

  // Every other method (the shell's, the later reads) is the bridge's own, through the prototype.
  const primed = Object.create(bridge) as InboxBridge;
  const own: PropertyDescriptorMap = {
    onChanged: { value: keptUntilHeard((l: (e: ChangeEvent) => void) => bridge.onChanged(l)) },
    onOpenConversation: { value: keptUntilHeard((l: (id: string) => void) => bridge.onOpenConversation(l)) },
  };
  for (const [method] of FIRST_READS) {
    own[method] = {
      value: (...args: unknown[]) => {
        const key = keyOf(method, args);
        const answer = early.get(key);
        if (!answer) return call(method, args);
        early.delete(key);
        return answer;
      },
    };
  }
  Object.defineProperties(primed, own);
  return { bridge: primed, done: () => early.clear() };
}

const bridge = findBridge();
/** Primed as this module is evaluated (main.tsx imports it first), when the page has a bridge. */
export const firstReads: PrimedBridge | null = bridge ? primeBridge(bridge) : null;
