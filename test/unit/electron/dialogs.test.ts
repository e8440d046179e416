/** The native dialogs' options (electron/dialogs.ts): workspace files, imports, Save As. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_FILTERS, importDialog, openWorkspaceDialog, saveWorkspaceDialog, withWorkspaceExtension, WORKSPACE_FILTERS } from '../../../electron/dialogs';

describe('dialogs', () => {
  it('opens one *.hindsight file', () => {
    expect(openWorkspaceDialog()).toEqual({ title: 'Open workspace', filters: [{ name: 'Hindsight workspace', extensions: ['hindsight'] }], properties: ['openFile'] });
    expect(openWorkspaceDialog('/cases/a.hindsight').defaultPath).toBe('/cases/a.hindsight');
  });

  it('imports several files (filtered, with All files last), several folders, or both on macOS', () => {
    expect(importDialog('files').properties).toEqual(['openFile', 'multiSelections']);
    expect(importDialog('folder').properties).toEqual(['openDirectory', 'multiSelections']);
    expect(importDialog('folder').filters).toBeUndefined();
    expect(importDialog('files-or-folders').properties).toEqual(['openFile', 'openDirectory', 'multiSelections']);
    expect(IMPORT_FILTERS.at(-1)).toEqual({ name: 'All files', extensions: ['*'] });
    expect(IMPORT_FILTERS[0].extensions).toEqual(expect.arrayContaining(['zip', 'tgz', 'gz', 'json', 'csv', 'log']));
  });

  it('saves as "<name> copy.hindsight" beside the open workspace, asking before replacing a file', () => {
    const options = saveWorkspaceDialog(join('/cases', 'checkout.hindsight'));
    expect(options.defaultPath).toBe(join('/cases', 'checkout copy.hindsight'));
    expect(options.filters).toEqual(WORKSPACE_FILTERS);
    expect(options.properties).toContain('showOverwriteConfirmation');
  });

  it('adds .hindsight to a name typed without it, once', () => {
    expect(withWorkspaceExtension('/cases/new')).toBe('/cases/new.hindsight');
    expect(withWorkspaceExtension('/cases/new.HINDSIGHT')).toBe('/cases/new.HINDSIGHT');
    expect(withWorkspaceExtension('/cases/new.db')).toBe('/cases/new.db.hindsight');
  });
});
