import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';

const root = join(__dirname, '..', '..');
let sim: ReactInSim;

beforeAll(async () => {
  sim = await startReactInSimulator({ apiKey: 'rk_readme_key', organizationId: 'org_readme', conversations: 20 }); // a first sync of 20 fits ReactIn's 30 GET a minute
});
afterAll(async () => {
  await sim.close();
});

/** The README's headless example, exactly as written there. */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /<!-- headless-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- headless-example:end -->/.exec(readme);
  if (!block) throw new Error('README.md has no headless example between its markers');
  return block[1]!;
}

it('runs the README headless example against the ReactIn simulator', async () => {
  const source = readmeExample();
  expect(source).toContain("from './src/main/core'");
  // The only change: the example's relative import, resolved from where the copy is written.
  const dir = join(root, 'test', '.generated');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'readme-example.ts');
  writeFileSync(file, source.replace("from './src/main/core'", "from '../../src/main/core'"));

  const newestFirst = [...sim.conversations].sort((a, b) => lastAt(b) - lastAt(a));
  vi.stubEnv('REACTIN_API_KEY', 'rk_readme_key');
  vi.stubEnv('REACTIN_ORG_ID', 'org_readme');
  vi.stubEnv('REACTIN_BASE_URL', sim.baseUrl);
  const logs: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.join(' ')));
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    spy.mockRestore();
    vi.unstubAllEnvs();
  }

  expect(logs[0]).toBe(`20 conversations; newest: ${newestFirst[0]!.name}`);
  expect(logs[1]).toBe('1 archived');
  expect(sim.sent).toEqual([{ conversationId: newestFirst[1]!.id, content: 'Thanks — does Tuesday work?', at: expect.any(Number) }]);
  expect(sim.requests.every((r) => r.auth === 'Bearer rk_readme_key')).toBe(true);
});

function lastAt(c: ReactInSim['conversations'][number]): number {
  return Math.max(...c.messages.map((m) => m.timestamp));
}
