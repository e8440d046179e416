/**
 * Series derived from access-log records, per service (vhost) and time bucket:
 *   http_requests_per_second{service}            requests / bucket seconds
 *   http_responses_per_second{service,code}      same, per status class 2xx / 3xx / 4xx / 5xx
 *   http_error_ratio{service}                    5xx / requests (buckets with requests only)
 *   http_response_bytes_per_second{service}      bytes / bucket seconds
 *   http_request_duration_seconds{service,quantile="0.5"|"0.95"|"0.99"}  when request_time exists
 * Rates are 0 in empty buckets between a service's first and last request. Latency quantiles come
 * from a DDSketch per bucket (Masson et al. 2019; relative error ≤ 1%), so memory is bounded by
 * buckets × services (× sketch bins), never by lines. add() O(1); result() O(buckets log buckets).
 * Records without attrs.status (not access-log records) are ignored; services without a vhost/service
 * get no `service` label.
 */
import type { Labels, LogRecord, SamplesRecord } from '../../types';
import { QuantileSketch } from './quantile-sketch';

interface Bucket {
  requests: number;
  classes: [number, number, number, number];
  bytes: number;
  latency?: QuantileSketch;
}

const CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
const QUANTILES = [0.5, 0.95, 0.99] as const;

/** Streaming aggregator: add records as they come, read the series at the end. */
export class AccessLogMetrics {
  private readonly services = new Map<string, Map<number, Bucket>>();

  /** `bucketMs`: bucket width in ms (positive integer); throws RangeError otherwise. */
  constructor(readonly bucketMs = 60_000) {
    if (!Number.isInteger(bucketMs) || bucketMs <= 0) {
      throw new RangeError(`AccessLogMetrics: bucketMs must be a positive integer, got ${bucketMs}`);
    }
  }

  add(rec: LogRecord): void {
    const status = Number(rec.attrs?.status);
    if (!rec.attrs || !Number.isFinite(status) || !Number.isFinite(rec.ts)) return;
    const service = rec.service ?? rec.attrs.vhost ?? '';
    let buckets = this.services.get(service);
    if (!buckets) {
      buckets = new Map();
      this.services.set(service, buckets);
    }
    const start = Math.floor(rec.ts / this.bucketMs) * this.bucketMs;
    let b = buckets.get(start);
    if (!b) {
      b = { requests: 0, classes: [0, 0, 0, 0], bytes: 0 };
      buckets.set(start, b);
    }
    b.requests++;
    const cls = Math.floor(status / 100) - 2;
    if (cls >= 0 && cls <= 3) b.classes[cls]++;
    const bytes = Number(rec.attrs.bytes);
    if (Number.isFinite(bytes) && bytes > 0) b.bytes += bytes;
    const rt = rec.attrs.request_time === undefined ? Number.NaN : Number(rec.attrs.request_time);
    if (Number.isFinite(rt) && rt >= 0) {
      b.latency ??= new QuantileSketch(0.01);
      b.latency.add(rt);
    }
  }

  /** The series so far (one SamplesRecord per name and label set), times ascending. */
  result(): SamplesRecord[] {
    const out: SamplesRecord[] = [];
    const perSecond = 1000 / this.bucketMs;
    for (const [service, buckets] of [...this.services].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const base: Labels = service ? { service } : {};
      const starts = [...buckets.keys()].sort((a, b) => a - b);
      const first = starts[0];
      const last = starts[starts.length - 1];
      const ts: number[] = [];
      const req: number[] = [];
      const bytes: number[] = [];
      const cls: number[][] = CLASSES.map(() => []);
      for (let t = first; t <= last; t += this.bucketMs) {
        const b = buckets.get(t);
        ts.push(t);
        req.push((b?.requests ?? 0) * perSecond);
        bytes.push((b?.bytes ?? 0) * perSecond);
        for (let c = 0; c < 4; c++) cls[c].push((b?.classes[c] ?? 0) * perSecond);
      }
      out.push({ kind: 'samples', name: 'http_requests_per_second', labels: { ...base }, unit: 'req/s', ts, values: req });
      CLASSES.forEach((code, c) => {
        out.push({
          kind: 'samples',
          name: 'http_responses_per_second',
          labels: { ...base, code },
          unit: 'req/s',
          ts: [...ts],
          values: cls[c],
        });
      });
      out.push({
        kind: 'samples',
        name: 'http_response_bytes_per_second',
        labels: { ...base },
        unit: 'B/s',
        ts: [...ts],
        values: bytes,
      });
      const ratio: SamplesRecord = { kind: 'samples', name: 'http_error_ratio', labels: { ...base }, unit: 'ratio', ts: [], values: [] };
      for (const t of starts) {
        const b = buckets.get(t) as Bucket;
        ratio.ts.push(t);
        ratio.values.push(b.classes[3] / b.requests);
      }
      out.push(ratio);
      const timed = starts.filter((t) => buckets.get(t)?.latency);
      if (timed.length > 0) {
        for (const q of QUANTILES) {
          const s: SamplesRecord = {
            kind: 'samples',
            name: 'http_request_duration_seconds',
            labels: { ...base, quantile: String(q) },
            unit: 's',
            ts: [],
            values: [],
          };
          for (const t of timed) {
            s.ts.push(t);
            s.values.push((buckets.get(t)?.latency as QuantileSketch).quantile(q));
          }
          out.push(s);
        }
      }
    }
    return out;
  }
}

/**
 * Pure helper over an iterable of access-log records: see the series list at the top.
 * Throws RangeError for a bucket width that is not a positive integer.
 */
export function accessLogMetrics(records: Iterable<LogRecord>, bucketMs = 60_000): SamplesRecord[] {
  const agg = new AccessLogMetrics(bucketMs);
  for (const r of records) agg.add(r);
  return agg.result();
}
