/**
 * The error of a profile that cannot be read: `file: expected …, found …` (with `:line` for the line-based
 * folded format, which uses ingest's ParseError instead), the same shape as every other importer's refusal.
 */
import { ParseError } from '../../types';

export class ProfileFormatError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}: expected ${expected}, found ${ParseError.quote(found)}`);
    this.name = 'ProfileFormatError';
  }
}
