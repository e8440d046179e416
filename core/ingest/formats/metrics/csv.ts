/**
 * RFC 4180 CSV records over lines: quoted fields with `""` escapes and embedded newlines, any
 * one-character delimiter. Lenient where files in the wild are: a stray quote inside an unquoted
 * field is kept as text. A record left open by a quote for more than 1 MiB is reported and dropped
 * (so one bad quote cannot swallow a whole file). O(length) per line.
 */

export const MAX_RECORD_CHARS = 1 << 20;

export type RecordHandler = (fields: string[], line: number) => void;
export type OpenQuoteHandler = (line: number) => void;

export class CsvRecords {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private startLine = 0;
  private size = 0;

  constructor(
    public delimiter: string,
    private readonly onRecord: RecordHandler,
    private readonly onOpenQuote: OpenQuoteHandler,
  ) {}

  /** True while a quoted field continues on the next line. */
  get open(): boolean {
    return this.inQuotes;
  }

  /** Feeds one line (without its newline). */
  push(line: string, n: number): void {
    if (!this.inQuotes) {
      if (line.indexOf('"') < 0) {
        this.onRecord(line.split(this.delimiter), n);
        return;
      }
      this.fields = [];
      this.field = '';
      this.startLine = n;
      this.size = 0;
    } else {
      this.field += '\n';
      this.size += line.length + 1;
      if (this.size > MAX_RECORD_CHARS) {
        this.inQuotes = false;
        this.fields = [];
        this.field = '';
        this.onOpenQuote(this.startLine);
        return;
      }
    }
    this.scan(line, n);
  }

  /** Declares the end of input: an open quote is reported. */
  end(): void {
    if (this.inQuotes) {
      this.inQuotes = false;
      this.onOpenQuote(this.startLine);
    }
  }

  private scan(line: string, n: number): void {
    const d = this.delimiter;
    let i = 0;
    const len = line.length;
    let field = this.field;
    let q = this.inQuotes;
    let atStart = !q && field === '';
    while (i < len) {
      const c = line[i];
      if (q) {
        if (c === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          q = false;
          i++;
          continue;
        }
        const next = line.indexOf('"', i);
        const stop = next < 0 ? len : next;
        field += line.slice(i, stop);
        i = stop;
        continue;
      }
      if (c === d) {
        this.fields.push(field);
        field = '';
        atStart = true;
        i++;
        continue;
      }
      if (c === '"' && atStart) {
        q = true;
        atStart = false;
        i++;
        continue;
      }
      atStart = false;
      field += c;
      i++;
    }
    this.inQuotes = q;
    if (q) {
      this.field = field;
      return;
    }
    this.fields.push(field);
    const rec = this.fields;
    this.fields = [];
    this.field = '';
    this.onRecord(rec, this.startLine || n);
    this.startLine = 0;
  }
}

/** The delimiter of a header line: `,`, `;` or tab, whichever occurs most outside quotes (`,` on ties). */
export function guessDelimiter(header: string): string {
  let q = false;
  let comma = 0;
  let semi = 0;
  let tab = 0;
  for (const c of header) {
    if (c === '"') q = !q;
    else if (!q) {
      if (c === ',') comma++;
      else if (c === ';') semi++;
      else if (c === '\t') tab++;
    }
  }
  if (semi > comma && semi >= tab) return ';';
  if (tab > comma && tab > semi) return '\t';
  return ',';
}
