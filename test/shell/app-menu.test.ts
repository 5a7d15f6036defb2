/**
 * The application menu of a packaged app has no way to reload the page or open DevTools; a
 * development build keeps both. Every platform keeps Quit and the Edit menu (copy and paste in
 * the composer and search use it on macOS).
 */
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate } from '../../src/main/app-menu';

/** Every item of a template, submenus included, as its role (or label). */
function itemsOf(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    String(item.role ?? item.label ?? item.type),
    ...(Array.isArray(item.submenu) ? itemsOf(item.submenu) : []),
  ]);
}

// Roles whose default submenus contain reload or DevTools.
const RELOAD_OR_DEVTOOLS = ['reload', 'forceReload', 'toggleDevTools', 'viewMenu', 'help'];

describe('the application menu', () => {
  it.each(['darwin', 'win32', 'linux'] as const)('packaged on %s: no reload, no DevTools, but Edit and a way to quit', (platform) => {
    const items = itemsOf(applicationMenuTemplate(platform, true)).map((i) => i.toLowerCase());
    for (const role of RELOAD_OR_DEVTOOLS) expect(items, role).not.toContain(role.toLowerCase());
    expect(items).toContain('editmenu');
    expect(items).toContain(platform === 'darwin' ? 'appmenu' : 'filemenu'); // both carry Quit
  });

  it('in development keeps reload and DevTools', () => {
    const items = itemsOf(applicationMenuTemplate('linux', false));
    expect(items).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });
});
