/**
 * A source read as batches ready to write: the reader's records, with the log events set apart and their
 * template ids mined (core/analysis/logs/miner, one miner per service, in file order), and, for access logs,
 * the request metrics derived from them at the end. The same code runs in the importing thread or in the
 * ingest worker (ingest-worker.ts), so both give the same rows and the same template ids. A multi-line
 * event's template comes from its first line only: a stack trace is not template text (the exception class
 * is a field, attrs.exception).
 */
import type { FinalizeResult } from '../analysis/logs/miner';
import { TemplateMiner } from '../analysis/logs/miner';
import { AccessLogMetrics } from './formats/logs';
import type { FormatReader, IngestRecord, LogRecord, ReadContext } from './types';

/** One batch: records other than log events, and the log events with their template ids (same order). */
export interface MinedBatch {
  records: IngestRecord[];
  logs: LogRecord[];
  templateIds: string[];
}

/** One miner per service, for one source. */
export class MinerSet {
  private miners = new Map<string, TemplateMiner>();
  private lastService = '\u0000';
  private last: TemplateMiner | undefined;

  /** Template ids of `messages` (of services `services[i]`), mined in order. O(messages × miner cost). */
  mine(services: readonly string[], messages: readonly string[]): string[] {
    const ids = new Array<string>(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const svc = services[i];
      let miner = this.last;
      if (svc !== this.lastService || !miner) {
        miner = this.miners.get(svc);
        if (!miner) {
          miner = new TemplateMiner({ service: svc });
          this.miners.set(svc, miner);
        }
        this.lastService = svc;
        this.last = miner;
      }
      ids[i] = miner.addId(messages[i]);
    }
    return ids;
  }

  /** Each service's final templates and id map (ids handed out -> the template they ended in). */
  finalize(): Map<string, FinalizeResult> {
    const out = new Map<string, FinalizeResult>();
    for (const [svc, miner] of this.miners) out.set(svc, miner.finalize());
    return out;
  }
}

/**
 * Reads a source with `reader` and yields its batches, mining log templates as it goes. After the last
 * batch, `done` receives the miners' final results. Throws what the reader throws.
 */
export async function* minedBatches(
  reader: FormatReader,
  open: () => NodeJS.ReadableStream,
  ctx: ReadContext,
  done: (finals: Map<string, FinalizeResult>) => void,
): AsyncGenerator<MinedBatch> {
  const miners = new MinerSet();
  // Access logs also become metrics (request rate, status classes, bytes, latency percentiles).
  const access = reader.id === 'log-access' ? new AccessLogMetrics() : null;
  for await (const batch of reader.read(open, ctx)) {
    const records: IngestRecord[] = [];
    const logs: LogRecord[] = [];
    const services: string[] = [];
    const messages: string[] = [];
    for (const rec of batch) {
      if (rec.kind !== 'log') {
        records.push(rec);
        continue;
      }
      logs.push(rec);
      services.push(rec.service ?? '');
      const nl = rec.lines > 1 ? rec.message.indexOf('\n') : -1;
      messages.push(nl >= 0 ? rec.message.slice(0, nl) : rec.message);
      if (access && rec.attrs?.status) access.add(rec);
    }
    yield { records, logs, templateIds: logs.length ? miners.mine(services, messages) : [] };
  }
  if (access) {
    const records = access.result();
    if (records.length) yield { records, logs: [], templateIds: [] };
  }
  done(miners.finalize());
}
