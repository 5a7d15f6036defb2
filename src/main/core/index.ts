/**
 * The headless core's public API. Runs under plain Node; never imports 'electron'.
 * See the README's headless example.
 */
export { createCore, InboxCore, type CoreOptions } from './core';
export { MemorySecretStore, MemorySettingsStore, systemClock, silentNotifier, type Clock, type Notifier, type SecretStore, type SettingsStore, type CorePorts, type KeyStoragePort } from './ports';
export { AppError } from './errors';
export type { Provider, Capabilities } from './providers/types';
export type { InboundMessage } from './sync';
