/**
 * The layer boundaries are enforced by ESLint (eslint.config.mjs, run by `npm test`). This test
 * proves each rule fires: it lints a small fake project with one deliberately wrong file per rule,
 * with the real config, and asserts each is reported; then that src/ itself lints clean.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const configFile = join(root, 'eslint.config.mjs');

/** The fake project: a clean file in each layer, plus one wrong file per boundary. */
const FILES: Record<string, string> = {
  'src/shared/domain.ts': `export type Id = string;\n`,
  'src/main/core/index.ts': `export { createThing } from './thing';\n`,
  'src/main/core/thing.ts': `/** Makes a thing. */\nexport function createThing(): number { return 1; }\n`,
  'src/main/core/uses-electron.ts': `import { app } from 'electron';\nexport const name = app.getName();\n`,
  'src/shared/reads-navigator.ts': `export const isMac = /Mac/.test(navigator.platform);\n`,
  'src/shared/uses-zod.ts': `import { z } from 'zod';\nexport const name = z.string().max(60);\n`,
  'src/shared/imports-package.ts': `import { Agent } from 'undici';\nexport const agent = new Agent();\n`,
  'src/renderer/src/imports-main.ts': `import { createThing } from '../../main/core';\nexport const n = createThing();\n`,
  'src/preload/imports-core.ts': `import { createThing } from '../main/core';\nexport const n = createThing();\n`,
  'src/main/reaches-past-index.ts': `import { createThing } from './core/thing';\nexport const n = createThing();\n`,
  'src/main/core/cycle-a.ts': `import { b } from './cycle-b';\nexport const a = () => b();\n`,
  'src/main/core/cycle-b.ts': `import { a } from './cycle-a';\nexport const b = (): unknown => a;\n`,
  'src/main/uses-index.ts': `import { createThing } from './core';\nexport const n = createThing();\n`,
};

let project: string;
let results: Map<string, string[]>;

beforeAll(async () => {
  mkdirSync(join(root, 'test', '.generated'), { recursive: true });
  project = mkdtempSync(join(root, 'test', '.generated', 'lint-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
  // The real config, with its zones rooted at the fake project instead of the repository.
  const { boundaryConfig } = (await import(pathToFileURL(configFile).href)) as { boundaryConfig: (basePath: string) => ESLint.Options['overrideConfig'] };
  const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: boundaryConfig(project) });
  const report = await eslint.lintFiles(['src']);
  results = new Map(report.map((r) => [relative(project, r.filePath).split('\\').join('/'), r.messages.map((m) => `${m.ruleId}: ${m.message}`)]));
}, 60_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const problemsIn = (path: string) => results.get(path) ?? [`(not linted: ${path})`];

describe('layout rules, enforced by ESLint', () => {
  it('lints every file of the fake project (so a silent rule is not mistaken for a clean file)', () => {
    expect([...results.keys()].sort()).toEqual(Object.keys(FILES).sort());
  });

  it('src/main/core never imports electron', () => {
    expect(problemsIn('src/main/core/uses-electron.ts')).toEqual([expect.stringMatching(/^no-restricted-imports: .*never imports electron/)]);
  });

  it('src/shared reads no DOM global such as navigator', () => {
    expect(problemsIn('src/shared/reads-navigator.ts')).toEqual([expect.stringMatching(/^no-restricted-globals: .*navigator/)]);
  });

  it('src/shared imports zod (the one shared schema library) and no other package', () => {
    expect(problemsIn('src/shared/uses-zod.ts')).toEqual([]);
    expect(problemsIn('src/shared/imports-package.ts')).toEqual([expect.stringMatching(/^no-restricted-imports: 'undici' .*src\/shared imports only its own files \(\.\/x\) and zod/)]);
  });

  it('the renderer never imports src/main', () => {
    expect(problemsIn('src/renderer/src/imports-main.ts')).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*renderer imports only src\/shared/)]);
  });

  it('the preload never imports the core', () => {
    expect(problemsIn('src/preload/imports-core.ts')).toContainEqual(expect.stringMatching(/^(import-x\/no-restricted-paths|no-restricted-imports): .*preload imports only electron and src\/shared/));
  });

  it('the shell imports the core only through src/main/core/index.ts', () => {
    expect(problemsIn('src/main/reaches-past-index.ts')).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*core\/index\.ts/)]);
    expect(problemsIn('src/main/uses-index.ts')).toEqual([]);
  });

  it('two files importing each other are reported as a cycle', () => {
    expect(problemsIn('src/main/core/cycle-a.ts')).toEqual([expect.stringMatching(/^import-x\/no-cycle: /)]);
    expect(problemsIn('src/main/core/cycle-b.ts')).toEqual([expect.stringMatching(/^import-x\/no-cycle: /)]);
  });

  it('the clean files of the fake project pass', () => {
    for (const path of ['src/shared/domain.ts', 'src/main/core/index.ts', 'src/main/core/thing.ts']) expect(problemsIn(path), path).toEqual([]);
  });

  it('src/ itself lints clean', async () => {
    const eslint = new ESLint({ cwd: root });
    const report = await eslint.lintFiles(['src']);
    const problems = report.flatMap((r) => r.messages.map((m) => `${relative(root, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(report.length).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  }, 120_000);

  it('the core module loads in this plain Node process without electron', async () => {
    const core = await import('../../src/main/core');
    expect(typeof core.createCore).toBe('function');
    expect(Object.keys(require.cache).some((k) => /node_modules[\\/]electron[\\/]/.test(k))).toBe(false);
  });
});
