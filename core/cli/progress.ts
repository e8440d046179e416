/** A progress bar on a terminal; plain lines (at most one every 2 s) when not a TTY. */
import type { ProgressUpdate } from '../jobs/protocol';

const fmtBytes = (n: number): string =>
  n > 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`;

export function progressPrinter(out: NodeJS.WriteStream): { update(p: ProgressUpdate): void; done(): void } {
  const started = performance.now();
  let lastLine = 0;
  let drawn = false;
  return {
    update(p) {
      const secs = (performance.now() - started) / 1000;
      const rate = secs > 0 ? p.done / secs : 0;
      const eta = rate > 0 && p.total > p.done ? (p.total - p.done) / rate : 0;
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const amount = p.unit === 'bytes' ? `${fmtBytes(p.done)}/${fmtBytes(p.total)} ${fmtBytes(rate)}/s` : `${p.done}/${p.total}`;
      const rows = p.rows !== undefined && secs > 0 ? ` ${Math.round(p.rows / secs).toLocaleString('en-US')} rows/s` : '';
      const file = p.file?.path ? ` file ${p.file.index + 1}${p.file.count ? `/${p.file.count}` : ''}` : '';
      if (out.isTTY) {
        const width = 28;
        const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
        const line = `[${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${amount}${rows}${file} ETA ${eta.toFixed(0)}s ${p.message}`;
        out.write(`\r${line.slice(0, (out.columns || 100) - 1).padEnd((out.columns || 100) - 1)}`);
        drawn = true;
      } else if (performance.now() - lastLine > 2000) {
        lastLine = performance.now();
        out.write(`${(frac * 100).toFixed(0)}% ${amount}${rows}${file} ${p.message}\n`);
      }
    },
    done() {
      if (drawn) out.write('\n');
    },
  };
}
