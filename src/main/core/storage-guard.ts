/**
 * Puts every call into the core behind the storage check: once damage is found, calls that would
 * read or write the cache get the damage sentence instead, and any SQLite failure about the file
 * (damage, a full disk) leaves as its own sentence rather than "something went wrong".
 */
import type { InboxCore } from './core';

/** Calls that never touch the cache, or that must keep working on a damaged one (closing, settings, keys). */
const ALWAYS_ALLOWED = new Set<PropertyKey>([
  'close',
  'onChanged',
  'onInbound',
  'start',
  'wake',
  'setWindowFocused',
  'cacheRecovery',
  'storageFailure',
  'refuseIfDamaged',
  'getSettings',
  'keyStorage',
  'useEncryptedKeyStorage',
  'parseSnoozeTime',
]);

/** Wraps the core; methods run on the core itself, so its own inner calls are not checked twice. */
export function guardStorage(core: InboxCore): InboxCore {
  // Keyed by the function, not its name: a method replaced on the core (a test's stand-in) is the one called.
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(core, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'constructor') return value;
      let fn = wrapped.get(value);
      if (!fn) {
        const method = value as (...args: unknown[]) => unknown;
        const checked = !ALWAYS_ALLOWED.has(prop);
        fn = (...args: unknown[]) => {
          let result: unknown;
          try {
            if (checked) target.refuseIfDamaged();
            result = method.apply(target, args);
          } catch (err) {
            throw target.storageFailure(err);
          }
          return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(target.storageFailure(err))) : result;
        };
        wrapped.set(value, fn);
      }
      return fn;
    },
  });
}
