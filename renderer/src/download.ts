/** Saves data as a file through the browser's download (no Node: the renderer has none). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text as a file (`type`: its media type). */
export function download(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}
