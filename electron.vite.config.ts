import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

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
    plugins: [react()],
  },
});
