/**
 * The headless core's public API. Runs under plain Node; never imports 'electron'.
 * See the README's headless example.
 */
export { createCore, InboxCore, type CoreOptions } from './core';
export { MemorySecretStore, MemorySettingsStore, systemClock, silentNotifier, type Clock, type Notifier, type SecretStore, type SettingsStore, type CorePorts, type KeyStoragePort } from './ports';
export { AppError, invalidInput, toErrorShape } from './errors';
export { describeForLog } from './redact';
// What the shell's doctor command (src/main/doctor-cli.ts) needs.
export { assertKeyBound } from './accounts/key-binding';
export { DATABASE_FILE } from './db/database';
export type { CacheHistory } from './db/recovery';
export { diagnose } from './doctor/doctor';
export { reportMarkdown } from './doctor/report';
export { checkBaseUrl } from './net/base-url';
export { PROVIDER_CAPABILITIES } from './providers/capabilities';
export type { Provider, Capabilities } from './providers/types';
export type { InboundMessage } from './sync';
