/**
 * The Save dialog behind "Export all data…": the core's chooseExportPath port. It starts in the
 * person's Documents folder with the suggested name, asks before replacing a file, and answers
 * null when they cancel.
 */
import { extname, join } from 'node:path';
import type { BrowserWindow, SaveDialogOptions, SaveDialogReturnValue } from 'electron';

export interface ExportDialogDeps {
  dialog: {
    showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
    showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  };
  /** app.getPath('documents') */
  documentsDir: () => string;
  /** The window to attach the dialog to (sheet on macOS), when there is one. */
  window: () => BrowserWindow | null;
}

export async function chooseExportPath(deps: ExportDialogDeps, suggestedName: string): Promise<string | null> {
  // A connection report (.md) is saved through the same dialog as the JSON export.
  const markdown = extname(suggestedName) === '.md';
  const options: SaveDialogOptions = {
    title: markdown ? 'Save connection report' : 'Export all data',
    buttonLabel: markdown ? 'Save' : 'Export',
    defaultPath: join(deps.documentsDir(), suggestedName),
    filters: [markdown ? { name: 'Markdown', extensions: ['md'] } : { name: 'JSON', extensions: ['json'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const win = deps.window();
  const result = win && !win.isDestroyed() ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
