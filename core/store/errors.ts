/** Why a workspace file could not be opened or written; `message` is written for the person who chose the file. */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'not-sqlite'
      | 'corrupt'
      | 'newer-schema'
      | 'drifted-history'
      | 'not-found'
      | 'locked'
      | 'foreign'
      | 'is-folder'
      | 'read-only'
      | 'cancelled'
      | 'exists',
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'StoreError';
  }
}
