/**
 * The native open and save dialogs' options: a workspace (`*.hindsight`), files, folders and archives
 * to import, and "Save workspace as". Formats are recognised by content, so the import dialogs offer
 * the usual extensions first and "All files" always. Plain data over Electron's dialog option types.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { WORKSPACE_EXTENSION } from '../core/api/desktop';

/** A workspace file. */
export const WORKSPACE_FILTERS: FileFilter[] = [{ name: 'Hindsight workspace', extensions: [WORKSPACE_EXTENSION] }];

/** Archives the importer opens (a `.tar.gz` matches `gz`). */
export const ARCHIVE_EXTENSIONS: readonly string[] = ['zip', 'tar', 'gz', 'tgz'];

/** Exported metrics, logs, alerts, deploys, events, profiles and query logs, by their usual extensions. */
export const DATA_EXTENSIONS: readonly string[] = ['json', 'jsonl', 'ndjson', 'csv', 'tsv', 'log', 'txt', 'yaml', 'yml', 'prom', 'pb', 'pprof', 'folded'];

/** What the import dialogs offer: every known kind first (the default on Windows), then each group, then all files. */
export const IMPORT_FILTERS: FileFilter[] = [
  { name: 'Exports, logs and archives', extensions: [...DATA_EXTENSIONS, ...ARCHIVE_EXTENSIONS] },
  { name: 'Archives (.zip, .tar.gz)', extensions: [...ARCHIVE_EXTENSIONS] },
  { name: 'Exports and logs', extensions: [...DATA_EXTENSIONS] },
  { name: 'All files', extensions: ['*'] },
];

/** File → Open workspace…: one `*.hindsight` file. */
export function openWorkspaceDialog(defaultPath?: string): OpenDialogOptions {
  return { title: 'Open workspace', ...(defaultPath ? { defaultPath } : {}), filters: WORKSPACE_FILTERS, properties: ['openFile'] };
}

/**
 * File → Import files… / Import folder…. macOS's panel takes files and folders at once; Windows' and
 * Linux's show one or the other (both asked at once they show only folders), hence two menu items there.
 */
export function importDialog(what: 'files' | 'folder' | 'files-or-folders'): OpenDialogOptions {
  const properties: OpenDialogOptions['properties'] =
    what === 'files' ? ['openFile', 'multiSelections'] : what === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'openDirectory', 'multiSelections'];
  return { title: what === 'folder' ? 'Import folders' : 'Import files', ...(what === 'folder' ? {} : { filters: IMPORT_FILTERS }), properties };
}

/** A path that ends in `.hindsight` (added when the person typed a name without it). */
export function withWorkspaceExtension(path: string): string {
  return extname(path).toLowerCase() === `.${WORKSPACE_EXTENSION}` ? path : `${path}.${WORKSPACE_EXTENSION}`;
}

/** File → Save workspace as…: proposes "<name> copy.hindsight" beside the open workspace. */
export function saveWorkspaceDialog(currentPath: string): SaveDialogOptions {
  const name = basename(currentPath, `.${WORKSPACE_EXTENSION}`);
  return {
    title: 'Save workspace as',
    defaultPath: join(dirname(currentPath), `${name} copy.${WORKSPACE_EXTENSION}`),
    filters: WORKSPACE_FILTERS,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}
