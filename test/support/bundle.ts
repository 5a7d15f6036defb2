import { basename, dirname } from 'node:path';
import { build } from 'vite';

/** Bundles a TypeScript entry into one ES module that plain Node runs (for child-process tests). */
export async function bundleForNode(entry: string, outFile: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: entry,
      target: 'node24',
      outDir: dirname(outFile),
      emptyOutDir: false,
      minify: false,
      rollupOptions: { output: { entryFileNames: basename(outFile), format: 'esm' } },
    },
  });
}
