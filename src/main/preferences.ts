/**
 * Preferences: small, non-secret settings kept by electron-store in a JSON file under
 * userData. Never API keys (those live in the keychain or the encrypted key file, see
 * secrets/key-storage.ts; only which of the two is kept here) and never the message cache
 * (that is the core's SQLite database).
 */
import ElectronStore, { type Schema } from 'electron-store';
import { z } from 'zod';
import type { AppSettings } from '../shared/domain';
import { settingsPatchSchema } from '../shared/schemas';
import type { SettingsStore } from './core';
import type { CacheHistory } from './core';

/** The window's last normal (not maximized) bounds, and whether it was maximized. */
export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Preferences {
  windowBounds: WindowBounds | null;
  /** What the person chose in Settings (the core validates and applies them). */
  settings: Partial<AppSettings>;
  /** Where API keys are kept: the OS keychain (also when absent), or the encrypted file the person switched to. */
  keyStorage?: 'keychain' | 'encrypted-file';
  /** This computer has had a message cache: a missing or empty one is then reported, not taken for a first start. */
  cacheExisted?: boolean;
}

export const PREFERENCE_DEFAULTS: Preferences = {
  windowBounds: null,
  settings: {},
};

/** The typed get/set that window.ts and the rest of the shell use; tests pass a Map-backed fake. */
export interface PreferenceStore {
  get<K extends keyof Preferences>(key: K): Preferences[K];
  set<K extends keyof Preferences>(key: K, value: Preferences[K]): void;
}

const integer = { type: 'integer', minimum: -100_000, maximum: 100_000 } as const;
const extent = { type: 'integer', minimum: 1, maximum: 100_000 } as const;

/** The shared settings schema as the JSON schema electron-store checks (ajv, draft 2020-12), without its $schema line. */
function settingsJsonSchema(): Record<string, unknown> {
  const { $schema: _draft, ...schema } = z.toJSONSchema(settingsPatchSchema, { io: 'input' }) as Record<string, unknown>;
  return schema;
}

/** JSON schema checked on every read and write; a file that breaks it is reset to the defaults. */
export const PREFERENCE_SCHEMA: Schema<Preferences> = {
  windowBounds: {
    anyOf: [
      {
        type: 'object',
        properties: { x: integer, y: integer, width: extent, height: extent, maximized: { type: 'boolean' } },
        required: ['x', 'y', 'width', 'height', 'maximized'],
        additionalProperties: false,
      },
      { type: 'null' },
    ],
  },
  keyStorage: { type: 'string', enum: ['keychain', 'encrypted-file'] },
  cacheExisted: { type: 'boolean' },
  // The shared settings schema (src/shared/schemas.ts) as JSON schema: the file holds what main and the core accept.
  settings: settingsJsonSchema() as Schema<Preferences>['settings'],
};

/** The core's SettingsStore port over the preferences file. */
export function settingsIn(preferences: PreferenceStore): SettingsStore {
  return {
    load: () => preferences.get('settings'),
    save: (settings) => preferences.set('settings', settings),
  };
}

/** The core's CacheHistory port over the preferences file. */
export function cacheHistoryIn(preferences: PreferenceStore): CacheHistory {
  return {
    cacheExisted: () => preferences.get('cacheExisted') === true,
    rememberCache: () => {
      if (preferences.get('cacheExisted') !== true) preferences.set('cacheExisted', true);
    },
  };
}

/**
 * Opens the preferences file (`preferences.json` in userData, or in `cwd` when given).
 * Call after Electron's `app` is available. A corrupt or hand-broken file is cleared rather
 * than stopping the app: these settings are cheap to lose.
 */
export function openPreferences(cwd?: string): PreferenceStore {
  return new ElectronStore<Preferences>({
    name: 'preferences',
    ...(cwd === undefined ? {} : { cwd }),
    schema: PREFERENCE_SCHEMA,
    defaults: PREFERENCE_DEFAULTS,
    clearInvalidConfig: true,
  });
}
