/**
 * A source read as batches ready to write: the reader's records, with the log events set apart and their
 * template ids mined (core/analysis/logs/miner, one miner per service, in file order), and, for access logs,
 * the request metrics derived from them at the end. Every record is attributed to its service first
 * (service-attribution.ts: fields, pod, `--service`, path) and every event given its kind (event-kinds.ts;
 * ScalingReplicaSet steps and versioned deploys are held to the end and come out once per rollout). The same
 * code runs in the importing thread or in the ingest worker (ingest-worker.ts), so both give the same rows and
 * the same template ids. A multi-line event's template comes from its first line only: a stack trace is not
 * template text (the exception class is a field, attrs.exception).
 */
import type { FinalizeResult } from '../analysis/logs/miner';
import { TemplateMiner } from '../analysis/logs/miner';
import { classifyEvent, DeployMerger, RolloutGrouper } from './event-kinds';
import { AccessLogMetrics } from './formats/logs';
import { ServiceResolver, type ServiceOrigin } from './service-attribution';
import type { EventRecord, FormatReader, IngestRecord, LogRecord, ReadContext } from './types';

/** Whose a source's records are: the service most were attributed to, where that came from, and the counts. */
export interface SourceAttribution {
  service: string | null;
  origin: ServiceOrigin | null;
  attributed: number;
  unattributed: number;
}

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
  done: (finals: Map<string, FinalizeResult>, attribution: SourceAttribution) => void,
): AsyncGenerator<MinedBatch> {
  const miners = new MinerSet();
  const resolver = new ServiceResolver(ctx.file, reader.id, ctx.service);
  const rollouts = new RolloutGrouper();
  const deploys = new DeployMerger();
  const event = (rec: EventRecord): EventRecord => {
    const found = resolver.event(rec);
    return classifyEvent(found ? { ...rec, service: found.service } : { ...rec, service: undefined });
  };
  // Access logs also become metrics (request rate, status classes, bytes, latency percentiles).
  const access = reader.id === 'log-access' ? new AccessLogMetrics() : null;
  for await (const batch of reader.read(open, ctx)) {
    const records: IngestRecord[] = [];
    const logs: LogRecord[] = [];
    const services: string[] = [];
    const messages: string[] = [];
    for (const rec of batch) {
      if (rec.kind === 'samples') {
        rec.service = resolver.series(rec.labels)?.service;
        records.push(rec);
        continue;
      }
      if (rec.kind === 'event') {
        const e = event(rec);
        if (!rollouts.add(e) && !deploys.add(e)) records.push(e);
        continue;
      }
      if (rec.kind !== 'log') {
        records.push(rec);
        continue;
      }
      rec.service = resolver.log(rec)?.service;
      logs.push(rec);
      services.push(rec.service ?? '');
      const nl = rec.lines > 1 ? rec.message.indexOf('\n') : -1;
      messages.push(nl >= 0 ? rec.message.slice(0, nl) : rec.message);
      if (access && rec.attrs?.status) access.add(rec);
    }
    yield { records, logs, templateIds: logs.length ? miners.mine(services, messages) : [] };
  }
  const held: IngestRecord[] = [...rollouts.result(), ...deploys.result()];
  if (access) {
    for (const rec of access.result()) {
      rec.service = resolver.series(rec.labels)?.service;
      held.push(rec);
    }
  }
  if (held.length) yield { records: held, logs: [], templateIds: [] };
  const main = resolver.dominant();
  const attributed = [...resolver.tally.values()].reduce((a, b) => a + b, 0);
  done(miners.finalize(), { service: main?.service ?? null, origin: main?.origin ?? null, attributed, unattributed: resolver.unattributed });
}
