/**
 * Label sets as Loki and Prometheus print them: `{app="api", level="info"}` (values escape `\\ \" \n`),
 * and which label names a service, a host and a level.
 */
import type { Labels } from '../../types';
import { levelOfValue } from './levels';

/** Parses `{k="v", …}` at s[i]; returns the labels and the index past '}', or undefined. */
export function parseLabelBlock(s: string, i: number): [Labels, number] | undefined {
  if (s.charCodeAt(i) !== 123) return undefined;
  const labels: Labels = {};
  let j = i + 1;
  for (;;) {
    while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 44) j++;
    if (s.charCodeAt(j) === 125) return [labels, j + 1];
    const eq = s.indexOf('=', j);
    if (eq === -1 || eq - j > 256) return undefined;
    const name = s.slice(j, eq).trim();
    if (!/^[A-Za-z_][\w.]*$/.test(name) || s.charCodeAt(eq + 1) !== 34) return undefined;
    let k = eq + 2;
    let value = '';
    for (;;) {
      if (k >= s.length) return undefined;
      const c = s[k];
      if (c === '\\') {
        const n = s[k + 1];
        value += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
        k += 2;
        continue;
      }
      if (c === '"') break;
      value += c;
      k++;
    }
    labels[name] = value;
    j = k + 1;
  }
}

const SERVICE_LABELS = ['service_name', 'service', 'app', 'app_kubernetes_io_name', 'application', 'job', 'container', 'component'];
const HOST_LABELS = ['host', 'hostname', 'node', 'node_name', 'instance', 'pod'];
const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl'];

function first(labels: Labels, names: string[]): string | undefined {
  for (const n of names) {
    const v = labels[n];
    if (v) return v;
  }
  return undefined;
}

/** The service a label set names (service_name, service, app, …, component); undefined when none. */
export function serviceOf(labels: Labels): string | undefined {
  return first(labels, SERVICE_LABELS);
}

/** The host a label set names (host, hostname, node, instance, pod); undefined when none. */
export function hostOf(labels: Labels): string | undefined {
  return first(labels, HOST_LABELS);
}

/** The level a label set carries (level, detected_level, severity), normalised; undefined when none. */
export function levelOf(labels: Labels): string | undefined {
  const v = first(labels, LEVEL_LABELS);
  return v === undefined ? undefined : levelOfValue(v);
}
