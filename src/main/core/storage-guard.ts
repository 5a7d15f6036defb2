/**
 * Puts every call into the core behind the storage check: once damage is found, calls that would
 * read or write the cache get the damage sentence instead, and any SQLite failure about the file
 * (damage, a full disk) leaves as its own sentence rather than "something went wrong".
 */
/** What the guard needs of the core: its damage check and how it turns a storage failure into a sentence. */
export interface StorageChecked {
  refuseIfDamaged(): void;
  storageFailure(err: unknown): unknown;
}

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
export function guardStorage<Core extends StorageChecked>(core: Core): Core {
  // Keyed by the function itself, not its name: a method replaced on the core (tests stand in for
  // one) is wrapped afresh instead of the old one running.
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
