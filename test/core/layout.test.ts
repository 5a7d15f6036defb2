import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const specs = [...src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specs.map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe('layout rules', () => {
  it('src/main/core never imports electron, so the core runs under plain Node', () => {
    const offenders = sourceFiles(join(root, 'src/main/core')).filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('src/shared imports nothing from Node, the DOM libraries or Electron', () => {
    const offenders = sourceFiles(join(root, 'src/shared')).flatMap((f) =>
      importsOf(f)
        .filter((s) => !s.startsWith('./'))
        .map((s) => `${relative(root, f)} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the renderer never imports main-process code', () => {
    const offenders = sourceFiles(join(root, 'src/renderer')).flatMap((f) =>
      importsOf(f)
        .filter((s) => s.includes('/main/') || s === 'electron' || s.startsWith('node:'))
        .map((s) => `${relative(root, f)} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the core module loads in this plain Node process without electron', async () => {
    const core = await import('../../src/main/core');
    expect(typeof core.createCore).toBe('function');
    expect(Object.keys(require.cache).some((k) => /node_modules[\\/]electron[\\/]/.test(k))).toBe(false);
  });
});
