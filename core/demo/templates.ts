/**
 * Log message templates with typed placeholders, compiled once: `'payment {order} took {ms} ms'`
 * renders with fresh ids and numbers from a seeded stream, and gives the Drain-style pattern
 * `'payment <*> took <*> ms'` that the ground truth names (He et al. 2017, Drain).
 */

import type { Random } from './random';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** What a template may know about the service writing it. */
export interface RenderContext {
  service: string;
  app: string;
  version: string;
  restarts: number;
  /** Live gauges for memory-pressure lines: resident memory as % of the limit, % of time in GC. */
  heapPct?: number;
  gcPct?: number;
}

type Gen = (r: Random, c: RenderContext) => string;

const SEARCH_TERMS = [
  'running shoes', 'usb-c cable', 'winter jacket', 'coffee grinder', 'yoga mat', 'wireless earbuds',
  'desk lamp', 'kids backpack', 'garden hose', 'phone case', 'air fryer', 'hiking boots', 'led strip',
];
const API_PATHS = [
  '/api/products', '/api/cart', '/api/orders', '/api/search', '/api/users/me', '/api/auth/token',
  '/api/recommendations', '/api/inventory/availability', '/api/checkout',
];

const PARAMS: Record<string, Gen> = {
  uuid: (r) => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${r.pick(['8', '9', 'a', 'b'])}${r.hex(3)}-${r.hex(12)}`,
  trace: (r) => r.hex(16),
  req: (r) => r.hex(12),
  order: (r) => `ORD-${r.int(10_000_000, 99_999_999)}`,
  user: (r) => String(r.int(100_000, 999_999)),
  sku: (r) => `SKU-${r.int(10_000, 99_999)}`,
  ms: (r) => String(Math.max(1, Math.round(r.logNormal(35, 0.8)))),
  ms_db: (r) => String(Math.max(1, Math.round(r.logNormal(6, 0.7)))),
  ms_slow: (r) => String(r.int(1_500, 9_500)),
  ms_pg: (r) => (r.logNormal(1400, 0.5) + 1000).toFixed(3),
  ms_pg_sat: (r) => r.uniform(2_000, 30_000).toFixed(3),
  sec: (r) => r.logNormal(7, 0.25).toFixed(3),
  ip: (r) => `10.${r.int(0, 3)}.${r.int(0, 255)}.${r.int(2, 254)}`,
  client_ip: (r) => `${r.pick([31, 81, 85, 91, 93, 151, 178, 185, 203])}.${r.int(1, 254)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  amount: (r) => r.logNormal(45, 0.8).toFixed(2),
  currency: (r) => r.pick(['EUR', 'EUR', 'EUR', 'USD', 'GBP']),
  n: (r) => String(r.int(1, 12)),
  count: (r) => String(r.int(0, 480)),
  pct: (r) => String(r.int(1, 99)),
  gcpct: (r, c) => String(c.gcPct ?? r.int(5, 20)),
  heappct: (r, c) => String(c.heapPct ?? r.int(40, 60)),
  query: (r) => r.pick(SEARCH_TERMS),
  items: (r) => String(r.int(1, 8)),
  psp: (r) => r.pick(['stripe', 'adyen', 'braintree']),
  channel: (r) => r.pick(['email', 'email', 'push', 'sms']),
  tmpl: (r) => r.pick(['order_confirmation', 'shipping_update', 'password_reset', 'welcome', 'receipt']),
  table: (r) => r.pick(['orders', 'order_lines', 'payments', 'users', 'inventory_items', 'sessions']),
  wh: (r) => r.pick(['WH-FRA-1', 'WH-AMS-2', 'WH-MAD-1', 'WH-WAW-1']),
  enumval: (r) => r.pick(['PARTIALLY_CAPTURED', 'PENDING_REVIEW', 'AUTHORIZED_3DS', 'CHARGEBACK_OPEN']),
  unit: (r) => r.pick(['pack_of_6', 'kg', 'pair', 'case_12', 'bundle']),
  shard: (r) => String(r.int(0, 11)),
  pid: (r) => String(r.int(1_000, 65_000)),
  conns: (r) => String(r.int(5, 40)),
  bytes: (r) => String(r.int(200, 90_000)),
  mb: (r) => String(r.int(40, 900)),
  email_domain: (r) => r.pick(['gmail.com', 'outlook.com', 'yahoo.com', 'web.de', 'proton.me', 'icloud.com']),
  path: (r) => r.pick(API_PATHS),
  dbclient: (r) => r.pick(['orders', 'orders', 'payments', 'users', 'users', 'inventory']),
  ms_report: (r) => (r.uniform(18_000, 95_000)).toFixed(3),
  status5: (r) => r.pick(['500', '502', '503']),
  lsn: (r) => `${r.int(1, 9).toString(16).toUpperCase()}/${r.hex(8).toUpperCase()}`,
  buffers: (r) => String(r.int(120, 9_000)),
  txid: (r) => String(r.int(1_000_000, 9_999_999)),
  topic: (r) => r.pick(['events-raw', 'events-enriched', 'audit']),
  partition: (r) => String(r.int(0, 11)),
  offset: (r) => String(r.int(1_000_000, 99_999_999)),
  key: (r) => `${r.pick(['session', 'product', 'price', 'user', 'cart'])}:${r.int(10_000, 99_999)}`,
  version: (_r, c) => c.version,
  app: (_r, c) => c.app,
  svc: (_r, c) => c.service,
  restarts: (_r, c) => String(c.restarts),
};

export interface StackDef {
  exception: string;
  /** Template text of the exception message; default: the log message itself. */
  message?: string;
  frames: string[];
  cause?: { exception: string; message: string; frames: string[] };
}

export interface TemplateDef {
  level: Level;
  text: string;
  weight?: number;
  logger?: string;
  stack?: StackDef;
  /** Postgres only: the statement printed on a second `STATEMENT:` line. */
  detail?: string;
}

type Part = string | Gen;

export interface Template {
  level: Level;
  weight: number;
  logger: string;
  /** Drain-style pattern: literal text with `<*>` for each placeholder. */
  pattern: string;
  render(r: Random, c: RenderContext): string;
  /** Java-style continuation lines for `message` (no trailing newline), or '' when none. */
  renderStack(r: Random, c: RenderContext, message: string): string;
  /** The `detail` text rendered, or '' when none. */
  renderDetail(r: Random, c: RenderContext): string;
}

function parse(text: string): Part[] {
  const parts: Part[] = [];
  const re = /\{([a-z_0-9]+)\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const gen = PARAMS[m[1]];
    if (!gen) throw new Error(`demo template: unknown placeholder {${m[1]}} in '${text}'`);
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(gen);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function renderParts(parts: readonly Part[], r: Random, c: RenderContext): string {
  let s = '';
  for (const p of parts) s += typeof p === 'string' ? p : p(r, c);
  return s;
}

/** Framework frames printed under every JVM exception (the bottom of a Spring MVC request). */
const JVM_TAIL = [
  'org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
  'jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)',
  'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
  'org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:174)',
  'org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1744)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

/** Compile a template definition; throws on an unknown placeholder (a bug in the catalog). */
export function compile(def: TemplateDef): Template {
  const parts = parse(def.text);
  const pattern = def.text.replace(/\{[a-z_0-9]+\}/g, '<*>');
  const stack = def.stack;
  const excMsg = stack?.message ? parse(stack.message) : null;
  const causeMsg = stack?.cause ? parse(stack.cause.message) : null;
  const detail = def.detail ? parse(def.detail) : null;
  return {
    level: def.level,
    weight: def.weight ?? 1,
    logger: def.logger ?? '',
    pattern,
    render: (r, c) => renderParts(parts, r, c),
    renderStack: (r, c, message) => {
      if (!stack) return '';
      const lines = [`${stack.exception}: ${excMsg ? renderParts(excMsg, r, c) : message}`];
      for (const f of stack.frames) lines.push(`\tat ${f}`);
      for (const f of JVM_TAIL) lines.push(`\tat ${f}`);
      if (stack.cause && causeMsg) {
        lines.push(`Caused by: ${stack.cause.exception}: ${renderParts(causeMsg, r, c)}`);
        for (const f of stack.cause.frames) lines.push(`\tat ${f}`);
        lines.push(`\t... ${stack.frames.length + JVM_TAIL.length} more`);
      }
      return lines.join('\n');
    },
    renderDetail: (r, c) => (detail ? renderParts(detail, r, c) : ''),
  };
}

/** A weighted set of compiled templates to draw from. */
export class TemplateSet {
  readonly templates: Template[];
  private readonly weights: number[];

  constructor(defs: readonly TemplateDef[]) {
    if (defs.length === 0) throw new Error('demo: a template set needs at least one template');
    this.templates = defs.map(compile);
    this.weights = this.templates.map((t) => t.weight);
  }

  draw(r: Random): Template {
    return this.templates[r.weighted(this.weights)];
  }
}
