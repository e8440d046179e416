/**
 * The MySQL / MariaDB / Percona slow query log: entries of `# Time:`, `# User@Host: … Id: N`,
 * `# Query_time: s  Lock_time: s  Rows_sent: n  Rows_examined: n`, `SET timestamp=…;`, an optional `use db;`
 * and the statement (one or more lines, ending with ';'). The server's start-up banner lines are skipped.
 */
import { emptyQueryFile, QueryFormatError, skip, type ExecutedStatement, type QueryFile } from './types';

const BANNER = /^(\S*mysqld\S*, Version:|Tcp port:|Time\s+Id\s+Command\s+Argument)/;

/** `# Time: 2024-01-15T10:00:00.123456Z`, `# Time: 240115 10:00:00` (MySQL 5.5) → epoch ms, or null. */
export function slowLogTime(text: string): number | null {
  const iso = /(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)?/.exec(text);
  if (iso) return Date.parse(`${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`);
  const old = /(\d\d)(\d\d)(\d\d)\s+(\d{1,2}):(\d\d):(\d\d)/.exec(text);
  if (old) return Date.UTC(2000 + Number(old[1]), Number(old[2]) - 1, Number(old[3]), Number(old[4]), Number(old[5]), Number(old[6]));
  return null;
}

/** True when a line is a slow-log entry header line. */
export function isSlowLogHeader(line: string): boolean {
  return /^# (Time: |User@Host: |Query_time: )/.test(line);
}

/** Reads a slow query log. Throws QueryFormatError for an entry without `# Query_time:`, or when none is found. */
export function readMysqlSlowLog(file: string, lines: readonly string[]): QueryFile {
  const out = emptyQueryFile(file, 'mysql-slow');
  let ts: number | null = null;
  let session: string | null = null;
  let durationMs: number | null = null;
  let headerLine = 0;
  let body: string[] = [];
  let bodyLine = 0;
  const flush = (): void => {
    const text = body.join('\n').trim();
    body = [];
    if (!text) return;
    if (durationMs === null) throw new QueryFormatError(file, bodyLine, 'a "# Query_time: …" line before the statement');
    const s: ExecutedStatement = { statement: text.replace(/;\s*$/, ''), dialect: 'mysql', durationMs, ts, session, parameters: null, plan: null, file, line: bodyLine };
    out.statements.push(s);
    durationMs = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const n = i + 1;
    if (BANNER.test(line)) continue;
    if (line.startsWith('#')) {
      if (body.length) flush();
      const time = /^# Time:\s*(.*)$/.exec(line);
      if (time) {
        ts = slowLogTime(time[1]);
        if (ts === null) throw new QueryFormatError(file, n, `a time after "# Time:" (2024-01-15T10:00:00.123456Z), found "${time[1]}"`);
        continue;
      }
      const user = /^# User@Host:.*?\bId:\s*(\d+)/.exec(line);
      if (user) {
        session = user[1];
        headerLine = n;
        continue;
      }
      const q = /^# Query_time:\s*([\d.]+)/.exec(line);
      if (q) {
        durationMs = Number(q[1]) * 1000;
        headerLine = n;
      }
      continue;
    }
    const set = /^SET timestamp=(\d+);$/.exec(line.trim());
    if (set) {
      // The statement's start (whole seconds); keeps `# Time:`'s sub-second precision when it agrees.
      const start = Number(set[1]) * 1000;
      if (ts === null || Math.abs(ts - start) > 1000) ts = start;
      continue;
    }
    if (/^use [^;]+;$/i.test(line.trim()) && !body.length) continue;
    if (!body.length) {
      if (!line.trim()) continue;
      if (durationMs === null) {
        skip(out, n, 'statement text without a "# Query_time:" header before it');
        continue;
      }
      bodyLine = n;
    }
    body.push(line);
    if (/;\s*$/.test(line)) flush();
  }
  if (body.length) flush();
  if (!out.statements.length) throw new QueryFormatError(file, headerLine || 1, 'slow-log entries ("# Query_time: …" then the statement); none found');
  return out;
}
