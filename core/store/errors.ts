/** Why a workspace file could not be opened; `message` is written for the person who chose the file. */
export class StoreError extends Error {
  constructor(
    readonly code: 'not-sqlite' | 'corrupt' | 'newer-schema' | 'drifted-history' | 'not-found' | 'locked',
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'StoreError';
  }
}
