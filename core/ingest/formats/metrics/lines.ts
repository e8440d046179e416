/**
 * Splits a byte stream into lines with 1-based numbers: UTF-8 decoded across chunk edges
 * (invalid bytes become U+FFFD), a leading BOM dropped, '\n' or '\r\n' endings.
 */
import { StringDecoder } from 'node:string_decoder';

/** Longest line accepted; past it the reader reports the line instead of growing without bound. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

export type LineHandler = (text: string, line: number) => void;

/** Thrown through the handler path when a line grows past MAX_LINE_CHARS. */
export class LineTooLongError extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is longer than ${MAX_LINE_CHARS} characters`);
  }
}

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private parts: string[] = [];
  private partLen = 0;
  private lineNo = 0;
  private first = true;
  private skippingLong = false;

  constructor(private readonly onLine: LineHandler) {}

  /** Number of the last line handed out. */
  get line(): number {
    return this.lineNo;
  }

  /** Feeds a chunk; calls the handler for every complete line in it. O(chunk). */
  write(chunk: Buffer | string): void {
    let s = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.first && s.length > 0) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      let text: string;
      if (this.partLen > 0 || this.skippingLong) {
        this.parts.push(s.slice(start, nl));
        text = this.parts.join('');
        this.parts = [];
        this.partLen = 0;
      } else {
        text = s.slice(start, nl);
      }
      start = nl + 1;
      this.lineNo++;
      if (this.skippingLong) {
        this.skippingLong = false;
        continue;
      }
      this.emit(text);
    }
    if (start < s.length && !this.skippingLong) {
      this.parts.push(start === 0 ? s : s.slice(start));
      this.partLen += s.length - start;
      if (this.partLen > MAX_LINE_CHARS) {
        this.parts = [];
        this.partLen = 0;
        this.skippingLong = true;
        throw new LineTooLongError(this.lineNo + 1);
      }
    }
  }

  /** Hands out the last line when the file does not end with a newline. */
  end(): void {
    const rest = this.decoder.end();
    if (rest) this.write(rest);
    if (this.skippingLong) return;
    if (this.partLen > 0) {
      const text = this.parts.join('');
      this.parts = [];
      this.partLen = 0;
      this.lineNo++;
      this.emit(text);
    }
  }

  private emit(text: string): void {
    this.onLine(text.length > 0 && text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text, this.lineNo);
  }
}
