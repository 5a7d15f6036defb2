/**
 * The application menu. Electron's default menu has View → Reload, Force Reload and Toggle
 * Developer Tools, which in a packaged app would let anyone at the keyboard open DevTools on
 * the page that holds the person's messages, or reload it mid-send. The packaged menu keeps
 * what a desktop app needs (the app/File menu with Quit, Edit so copy and paste work in text
 * fields, zoom, Window); development builds add reload and DevTools back.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** The menu template for `platform`; `packaged` leaves out reload and DevTools. */
export function applicationMenuTemplate(platform: NodeJS.Platform, packaged: boolean): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    ...(packaged ? [] : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    platform === 'darwin' ? { role: 'appMenu' } : { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
