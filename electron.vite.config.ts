import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The renderer's entry (main.tsx) is small: it asks the core for the window's first reads, then
 * imports the app (mount.tsx, a chunk of its own). This link in index.html has the browser fetch
 * and parse that chunk from the start, alongside the entry, instead of once the entry has run.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'inbox:preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const app = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.replaceAll('\\', '/').endsWith('/src/mount.tsx'));
        if (!app) throw new Error('the renderer build has no chunk for src/mount.tsx to preload');
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${app.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

// Three bundles, one per runtime. The preload is sandboxed, so it must be a single
// CommonJS file with no external imports except 'electron'.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // electron-store is ESM-only: bundle it rather than rely on require(esm) at run time.
      externalizeDeps: { exclude: ['electron-store'] },
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; the window parses this bundle before its first
      // call to the core, so a smaller one is a faster first row (issue 16.8).
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), preloadAppChunk()],
  },
});
