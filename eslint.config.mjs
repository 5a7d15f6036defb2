// Layer boundaries, enforced by lint (issue 15 item 6). Only boundary rules plus typescript-eslint's
// parser: no style rules and no type-aware rules (parserOptions.project is slow on 2 cores).
// test/core/layout.test.ts proves each rule fires on a deliberately wrong file.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const SOURCES = ['**/*.ts', '**/*.tsx', '**/*.mts'];

/** Browser globals src/shared must not read (it also runs in the main process and under plain Node). */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'history', 'fetch', 'HTMLElement', 'Element', 'Event', 'KeyboardEvent', 'matchMedia', 'requestAnimationFrame', 'getComputedStyle', 'alert', 'confirm'];
/** Node globals src/shared must not read either. */
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'module'];
const globalMessage = (name) => ({ name, message: `src/shared runs in every layer and must not read ${name}; pass what you need in from the caller (e.g. the renderer or the shell).` });

const NODE_BUILTINS = { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'], message: 'Node built-ins are not available here.' };

/**
 * The boundary config for a project rooted at basePath (import-x's zones are relative to it; it
 * defaults to process.cwd(), so it is pinned here). test/core/layout.test.ts lints a fake project with it.
 */
export function boundaryConfig(basePath) {
  return tseslint.config(
    // typescript-eslint's recommended set (not type-aware) for src/ only. Left off: no-unused-vars (12
    // findings, mostly deliberate `_x` rest-destructuring, 4 real dead names listed in the lint branch report) and
    // no-explicit-any (2 deliberate casts in the shell); turning them on is a separate clean-up.
    ...tseslint.configs.recommended.map((c) => ({ ...c, files: SOURCES })),
    { files: SOURCES, rules: { '@typescript-eslint/no-unused-vars': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
    { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', '**/*.mjs', '**/*.js', '**/*.cjs'] },
    {
      files: SOURCES,
      languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { 'import-x': importX, '@typescript-eslint': tseslint.plugin },
      settings: {
        // Without these import-x treats .ts files as unparseable and no-cycle sees no edges.
        'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
        'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json', '.node'] })],
      },
      linterOptions: { reportUnusedDisableDirectives: 'error' },
      rules: {
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
        'import-x/no-self-import': 'error',
        'import-x/no-restricted-paths': [
          'error',
          {
            basePath,
            zones: [
              { target: './src/main/core', from: ['./src/main/!(core)/**', './src/main/*.ts', './src/renderer/**', './src/preload/**'], message: 'The core runs under plain Node and must not depend on the Electron shell, the renderer or the preload.' },
              { target: ['./src/main/*.ts', './src/main/!(core)/**'], from: './src/main/core', except: ['./index.ts'], message: 'The shell uses the core only through src/main/core/index.ts; export what you need from there.' },
              { target: './src/shared', from: ['./src/main', './src/renderer', './src/preload'], message: 'src/shared depends on nothing but itself.' },
              { target: './src/renderer', from: ['./src/main', './src/preload'], message: 'The renderer imports only src/shared and its own files; reach the main process through window.inbox (src/shared/ipc.ts).' },
              { target: './src/preload', from: ['./src/main', './src/renderer'], message: 'The preload imports only electron and src/shared.' },
            ],
          },
        ],
      },
    },
    {
      files: ['src/main/core/**/*.{ts,tsx,mts}'],
      rules: {
        'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'src/main/core runs under plain Node and never imports electron; take what you need as a port (ports.ts).' }], patterns: [{ group: ['electron/*'], message: 'src/main/core never imports electron.' }] }],
      },
    },
    {
      files: ['src/shared/**/*.{ts,tsx,mts}'],
      rules: {
        // zod is the one exception: the shared schemas (src/shared/schemas.ts) are what every layer validates with.
        'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./|zod$)', message: 'src/shared imports only its own files (./x) and zod, never another package, Node or Electron.' }] }],
        'no-restricted-globals': ['error', ...DOM_GLOBALS.map(globalMessage), ...NODE_GLOBALS.map(globalMessage)],
      },
    },
    {
      files: ['src/renderer/**/*.{ts,tsx,mts}'],
      rules: {
        'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer never imports electron; use window.inbox.' }], patterns: [{ group: ['electron/*'], message: 'The renderer never imports electron.' }, NODE_BUILTINS] }],
      },
    },
    {
      files: ['src/preload/**/*.{ts,tsx,mts}'],
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!electron$|\\.\\./shared/|\\./)', message: 'The preload imports only electron and src/shared.' }] }],
      },
    },
  );
}

export default boundaryConfig(import.meta.dirname);
