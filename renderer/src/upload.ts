/**
 * Getting dropped or picked files to the backend. Electron: the preload gives each File's real
 * path, and import/start reads them in place. Browser mode: each file is uploaded, keeping its
 * path relative to what was dropped (folders are walked with webkitGetAsEntry), to
 * `POST upload/<batchId>/<relative path>`; the server answers the batch's folder, which is then imported.
 */
import { authHeaders } from './token';

export interface PickedFile {
  file: File;
  /** Path relative to the drop, with '/' separators: `dump/metrics/api.json`. */
  path: string;
}

/** Real paths for dropped files when running in Electron (null in browser mode). */
export function electronPaths(files: File[]): string[] | null {
  const bridge = window.hindsight;
  if (!bridge?.pathForFile) return null;
  const paths = files.map((f) => bridge.pathForFile(f)).filter(Boolean);
  return paths.length ? paths : null;
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    const next = (): void =>
      reader.readEntries((batch) => {
        if (!batch.length) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path });
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, path, out);
  }
}

/**
 * The files of a drop, folders walked. Must be called synchronously inside the drop handler (the
 * browser empties the DataTransfer afterwards); the walk itself finishes later.
 */
export function droppedFiles(dt: DataTransfer): { top: File[]; files: Promise<PickedFile[]> } {
  const top = [...dt.files];
  const entries = [...dt.items].filter((i) => i.kind === 'file').map((i) => i.webkitGetAsEntry?.() ?? null);
  const plain = top.map((file) => ({ file, path: file.name }));
  const files = (async () => {
    if (!entries.length || entries.some((e) => e === null)) return plain;
    const out: PickedFile[] = [];
    try {
      for (const e of entries) if (e) await walk(e, '', out);
    } catch {
      // Entries that cannot be read (a synthetic drop): the dropped files themselves will do.
      return plain;
    }
    return out.length ? out : plain;
  })();
  return { top, files };
}

/** Files from an `<input type="file">` (with `webkitdirectory`, their paths inside the folder). */
export function pickedFiles(list: FileList | null): PickedFile[] {
  return [...(list ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/** A batch id the server accepts: 6–64 characters of [a-z0-9-]. */
export function newBatchId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `b-${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('').slice(0, 20)}`;
}

/** Keeps a relative path safe to send: no empty, '.' or '..' parts. */
export function cleanPath(path: string): string {
  return path
    .split(/[\\/]+/)
    .filter((p) => p && p !== '.' && p !== '..')
    .join('/');
}

export interface Upload {
  /** Resolves with the folder holding the batch on the server. */
  done: Promise<string>;
  abort(): void;
}

/** Uploads one file into a batch; `onProgress` gets bytes sent so far. */
export function uploadFile(batchId: string, f: PickedFile, onProgress: (sent: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const url = `upload/${batchId}/${cleanPath(f.path).split('/').map(encodeURIComponent).join('/')}`;
  const done = new Promise<string>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onerror = () => reject(new Error(`${f.path}: the upload failed (connection)`));
    xhr.onabort = () => reject(new Error(`${f.path}: upload cancelled`));
    xhr.onload = () => {
      let body: { ok?: boolean; result?: { dir?: string }; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: reported below with the status
      }
      if (xhr.status < 300 && body.ok && body.result?.dir) resolve(body.result.dir);
      else reject(new Error(`${f.path}: ${body.error?.message ?? `upload answered HTTP ${xhr.status}`}`));
    };
    xhr.send(f.file);
  });
  return { done, abort: () => xhr.abort() };
}
