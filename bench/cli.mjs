// `npm run bench [-- core ui triage sync scale] [--small]`: bundles bench/run.ts (TypeScript, importing the
// core and the test support) with Vite's SSR build into out/bench/run.mjs, then runs it with
// this Node (the pinned node@24, through npm). Arguments are passed through.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'bench');

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    // run.mjs, and rss-probe.mjs (which the core bench runs in fresh processes to measure RSS).
    ssr: true,
    target: 'node24',
    outDir,
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: { run: join(root, 'bench', 'run.ts'), 'rss-probe': join(root, 'bench', 'rss-probe.ts') },
      output: {
        entryFileNames: '[name].mjs',
        // Shared code beside the entries (not in assets/), as ES modules: __dirname stays out/bench.
        chunkFileNames: '[name]-[hash].mjs',
        format: 'esm',
        // test/support/bench.ts finds out/renderer from __dirname (out/bench is two levels down, as test/support is).
        banner: "import { fileURLToPath as __benchFileUrl } from 'node:url'; import { dirname as __benchDirname } from 'node:path'; const __filename = __benchFileUrl(import.meta.url); const __dirname = __benchDirname(__filename);",
      },
    },
  },
});

// The scale bench's JSON baseline holds a document of a few hundred MB in memory, parsed and
// serialized whole: more than Node's default heap allows.
const result = spawnSync(process.execPath, ['--max-old-space-size=12288', join(outDir, 'run.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
