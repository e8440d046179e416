/**
 * Content features shared by the detectors of the three Prometheus text readers, so that they
 * split the space between them instead of all claiming the same file:
 * promtool dump (`{__name__=...} v ms`), dump-openmetrics (no metadata, float-second times),
 * OpenMetrics (metadata plus `# EOF` / `# UNIT` / OpenMetrics-only types / float-second times),
 * and 0.0.4 exposition (the rest that looks like samples).
 */
import type { Sniff } from '../../types';
import { headLines } from './sniff';

export interface ExpositionFeatures {
  samples: number;
  other: number;
  meta: number;
  unit: number;
  eof: boolean;
  omTypes: number;
  braceFirst: number;
  floatTs: number;
  intTs: number;
  noTs: number;
}

const SAMPLE_RE =
  /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*\s*(?:\{.*\})?|\{.*\})[ \t]+(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Inf|NaN)(?:[ \t]+(-?\d+(\.\d+)?))?[ \t]*(?:#.*)?$/;
const OM_TYPES = /^#\s*TYPE\s+\S+\s+(unknown|gaugehistogram|stateset|info)\s*$/;

const cache = new WeakMap<Sniff, ExpositionFeatures>();

/** Counts what the head's lines look like. O(head). Never throws. */
export function expositionFeatures(sniff: Sniff): ExpositionFeatures {
  const hit = cache.get(sniff);
  if (hit) return hit;
  const f: ExpositionFeatures = {
    samples: 0,
    other: 0,
    meta: 0,
    unit: 0,
    eof: false,
    omTypes: 0,
    braceFirst: 0,
    floatTs: 0,
    intTs: 0,
    noTs: 0,
  };
  for (const raw of headLines(sniff)) {
    const l = raw.trim();
    if (l === '') continue;
    if (l.startsWith('#')) {
      if (l === '# EOF') f.eof = true;
      else if (/^#\s*(HELP|TYPE)\s/.test(l)) f.meta++;
      else if (/^#\s*UNIT\s/.test(l)) f.unit++;
      if (OM_TYPES.test(l)) f.omTypes++;
      continue;
    }
    const m = SAMPLE_RE.exec(l);
    if (!m) {
      f.other++;
      continue;
    }
    f.samples++;
    if (l.startsWith('{')) f.braceFirst++;
    if (m[1] === undefined) f.noTs++;
    else if (m[2] !== undefined) f.floatTs++;
    else f.intTs++;
  }
  cache.set(sniff, f);
  return f;
}

/** True when the head is mostly sample lines (and has some). */
export function mostlySamples(f: ExpositionFeatures): boolean {
  return f.samples > 0 && f.samples / (f.samples + f.other) >= 0.8;
}

/** Which of the three text dialects the head is, or undefined. */
export function expositionDialect(sniff: Sniff): 'promtool' | 'openmetrics' | 'prometheus-text' | undefined {
  const f = expositionFeatures(sniff);
  if (!mostlySamples(f) && !(f.meta > 0 && f.samples === 0 && f.other === 0)) return undefined;
  const metadata = f.meta + f.unit > 0;
  if (!metadata && f.braceFirst >= 0.8 * f.samples && f.samples > 0) return 'promtool';
  if (!metadata && f.samples > 0 && f.floatTs === f.samples) return 'promtool';
  if (f.unit > 0 || f.omTypes > 0 || f.eof || f.floatTs > 0) return 'openmetrics';
  return 'prometheus-text';
}
