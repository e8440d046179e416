/**
 * Runbooks: Markdown files with a front-matter block saying which incidents they fit, and steps whose
 * commands are text for a person (never run here). The front-matter is a small YAML subset read here
 * (no YAML dependency): `key: value`, `key: [a, b]`, a `key:` followed by indented `- item` lines or by
 * indented `key: value` lines, `#` comments. It is then checked with zod; every error names the file and
 * the line. Steps live in the body: each `### Title` under a `## Steps` heading, followed by lines
 * `command: …`, `expect: …`, `verify: …` (a leading `-` and surrounding backticks are allowed).
 *
 * Matching: a runbook fits an incident when its kind matches, or when both one of its metric rules (glob or
 * /regex/, tried on the top root cause's best metrics) and one of its log rules match; `services` is a
 * filter (a runbook naming services fits only those). Ranked by a score with the reasons a person reads.
 */
import { z } from 'zod';
import { ROOT_CAUSE_KINDS, type Incident } from '../incidents/types';
import { ADVICE_ACTIONS, type Runbook, type RunbookMatchResult, type RunbookStep } from './types';

/** A front-matter value: a scalar, a list of scalars, or a map of those. */
type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

/** A runbook file that cannot be read: names the file and the (1-based) line. */
export class RunbookError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'RunbookError';
  }
}

interface SourceLine {
  /** 1-based line number in the file. */
  no: number;
  indent: number;
  text: string;
}

/** A scalar as YAML reads it: quoted strings unquoted, numbers and booleans typed, `[a, b]` as a list. */
function scalar(raw: string, file: string, no: number): Yaml {
  const text = raw.trim();
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new RunbookError(file, no, `an inline list must end with "]": ${text}`);
    const inner = text.slice(1, -1).trim();
    return inner ? splitInline(inner).map((item) => scalar(item, file, no)) : [];
  }
  if (/^".*"$/.test(text)) return text.slice(1, -1).replace(/\\"/g, '"');
  if (/^'.*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** The items of an inline list, split on commas outside quotes. */
function splitInline(inner: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items.map((s) => s.trim());
}

/** A comment (` #` outside quotes, or a line starting with `#`) removed. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) return text.slice(0, i);
  }
  return text;
}

/**
 * The block of lines from `start` at exactly `indent`, as a map or a list; returns the value and the
 * index after it. `lines` are the front-matter's non-blank lines. Records each map key's line in `keyLines`.
 */
function block(lines: SourceLine[], start: number, indent: number, file: string, keyLines: Map<string, number>, path: string): [Yaml, number] {
  const first = lines[start];
  if (first.text.startsWith('- ') || first.text === '-') {
    const list: Yaml[] = [];
    let i = start;
    while (i < lines.length && lines[i].indent === indent && (lines[i].text.startsWith('- ') || lines[i].text === '-')) {
      list.push(scalar(lines[i].text.slice(1), file, lines[i].no));
      i++;
    }
    if (i < lines.length && lines[i].indent > indent) throw new RunbookError(file, lines[i].no, 'a list item holds only one value here (no nested blocks)');
    return [list, i];
  }
  const map: { [key: string]: Yaml } = {};
  let i = start;
  while (i < lines.length && lines[i].indent >= indent) {
    const line = lines[i];
    if (line.indent > indent) throw new RunbookError(file, line.no, `unexpected indentation: ${line.text}`);
    const m = /^([A-Za-z_][\w-]*)\s*:(.*)$/.exec(line.text);
    if (!m) throw new RunbookError(file, line.no, `expected "key: value", got: ${line.text}`);
    const [, key, rest] = m;
    if (Object.hasOwn(map, key)) throw new RunbookError(file, line.no, `"${key}" is given twice`);
    keyLines.set(path ? `${path}.${key}` : key, line.no);
    if (rest.trim() !== '') {
      map[key] = scalar(rest, file, line.no);
      i++;
    } else if (i + 1 < lines.length && lines[i + 1].indent > indent) {
      const [value, next] = block(lines, i + 1, lines[i + 1].indent, file, keyLines, path ? `${path}.${key}` : key);
      map[key] = value;
      i = next;
    } else {
      map[key] = null;
      i++;
    }
  }
  return [map, i];
}

/** A glob (`*`, `?`) or a `/regex/flags` as a case-insensitive (for globs) RegExp; throws on a bad regex. */
export function patternOf(pattern: string): RegExp {
  const re = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (re) return new RegExp(re[1], re[2]);
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

const patternList = z
  .array(z.string().min(1))
  .default([])
  .superRefine((list, ctx) => {
    for (const p of list) {
      try {
        patternOf(p);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `bad pattern ${p}: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
  });

const frontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is lower-case letters, digits and dashes'),
  title: z.string().min(1),
  action: z.enum(ADVICE_ACTIONS),
  risk: z.enum(['low', 'medium', 'high']),
  match: z
    .strictObject({
      kinds: z.array(z.enum(ROOT_CAUSE_KINDS)).default([]),
      services: patternList,
      metrics: patternList,
      logs: patternList,
    })
    .default({ kinds: [], services: [], metrics: [], logs: [] }),
});

/** The first line of a key path (or of its closest parent) that zod complained about. */
function lineOf(keyLines: Map<string, number>, path: PropertyKey[], fallback: number): number {
  for (let n = path.length; n > 0; n--) {
    const line = keyLines.get(path.slice(0, n).map(String).filter((p) => !/^\d+$/.test(p)).join('.'));
    if (line !== undefined) return line;
  }
  return fallback;
}

/** The steps of a runbook's body: each `### Title` under `## Steps`, with its command, expect and verify lines. */
function parseSteps(body: string[], bodyStart: number, file: string): RunbookStep[] {
  const steps: (RunbookStep & { line: number })[] = [];
  let inSteps = false;
  body.forEach((raw, index) => {
    const no = bodyStart + index;
    const text = raw.trim();
    if (/^##\s/.test(text)) {
      inSteps = /^##\s+steps\b/i.test(text);
      return;
    }
    if (!inSteps) return;
    const heading = /^###\s+(.+)$/.exec(text);
    if (heading) {
      steps.push({ title: heading[1].trim(), command: '', expect: '', verify: '', line: no });
      return;
    }
    const field = /^(?:[-*]\s+)?(command|expect|verify)\s*:\s*(.*)$/i.exec(text);
    if (!field) return;
    const step = steps[steps.length - 1];
    if (!step) throw new RunbookError(file, no, `"${field[1]}:" before any "### step" heading`);
    const value = field[2].trim().replace(/^`(.*)`$/, '$1');
    step[field[1].toLowerCase() as 'command' | 'expect' | 'verify'] = value;
  });
  for (const s of steps) if (!s.command) throw new RunbookError(file, s.line, `step "${s.title}" has no "command:" line`);
  return steps.map(({ line: _line, ...s }) => s);
}

/**
 * One runbook from its Markdown text. Throws RunbookError (file and line) when the front-matter is
 * missing, not the YAML subset, or not a runbook (unknown key, unknown kind or action, bad pattern).
 *
 * @example parseRunbook('---\nid: x\ntitle: X\naction: restart\nrisk: low\nmatch:\n  kinds: [memory-leak]\n---\n## Steps\n### Restart\ncommand: kubectl rollout restart deployment/{service}\n', 'x.md', 'user')
 */
export function parseRunbook(text: string, file: string, origin: Runbook['origin']): Runbook {
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (all[0]?.trim() !== '---') throw new RunbookError(file, 1, 'a runbook starts with a front-matter block ("---" on the first line)');
  const end = all.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) throw new RunbookError(file, 1, 'the front-matter block is not closed (no second "---" line)');
  const lines: SourceLine[] = [];
  for (let i = 1; i < end; i++) {
    const raw = all[i];
    if (/^\s*\t/.test(raw)) throw new RunbookError(file, i + 1, 'indent with spaces, not tabs');
    const text = stripComment(raw).trimEnd();
    if (!text.trim()) continue;
    lines.push({ no: i + 1, indent: text.length - text.trimStart().length, text: text.trim() });
  }
  if (!lines.length) throw new RunbookError(file, 2, 'the front-matter block is empty');
  const keyLines = new Map<string, number>();
  const [value, next] = block(lines, 0, lines[0].indent, file, keyLines, '');
  if (next < lines.length) throw new RunbookError(file, lines[next].no, `unexpected indentation: ${lines[next].text}`);
  const parsed = frontMatterSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new RunbookError(file, lineOf(keyLines, issue.path, 1), `${where}${issue.message}`);
  }
  const body = all.slice(end + 1);
  return { ...parsed.data, body: body.join('\n').trim(), steps: parseSteps(body, end + 2, file), origin, file };
}

/** The built-in runbooks with the user's: a user runbook with a built-in's id replaces it. Sorted by id. */
export function mergeRunbooks(builtIn: readonly Runbook[], user: readonly Runbook[]): Runbook[] {
  const byId = new Map<string, Runbook>();
  for (const r of [...builtIn, ...user]) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The first value a pattern list matches, or undefined. */
function firstMatch(patterns: readonly string[], values: readonly string[]): { pattern: string; value: string } | undefined {
  for (const pattern of patterns) {
    const re = patternOf(pattern);
    const value = values.find((v) => re.test(v));
    if (value !== undefined) return { pattern, value };
  }
  return undefined;
}

/** The root cause's metrics (best first) a runbook's metric rules are tried on. */
const TOP_METRICS = 3;
/** Weights of a runbook's rules in its score: the kind counts most. */
const MATCH_WEIGHT = { kind: 3, service: 1, metric: 1, log: 1 } as const;

/**
 * The runbooks that fit an incident, best first, each with its score and reasons: the kind (weight 3),
 * a named service, a metric and a log rule (1 each). The kind's weight
 * is scaled by the classifier's probability, so a runbook for a likely kind outranks one for a guess.
 */
export function matchRunbooks(incident: Incident, runbooks: readonly Runbook[]): RunbookMatchResult[] {
  const root = incident.rootCauses[0]?.service ?? incident.services[0] ?? null;
  const metrics = (incident.rootCauses[0]?.metrics ?? []).slice(0, TOP_METRICS).map((m) => m.metric);
  const templates = incident.logPatterns.map((p) => p.template);
  const out: RunbookMatchResult[] = [];
  for (const runbook of runbooks) {
    const { kinds, services, metrics: metricRules, logs } = runbook.match;
    const reasons: string[] = [];
    let score = 0;
    if (services.length) {
      const hit = root === null ? undefined : firstMatch(services, [root]);
      if (!hit) continue;
      if (hit.pattern !== '*') {
        score += MATCH_WEIGHT.service;
        reasons.push(`written for ${hit.value}`);
      }
    }
    const kindFits = kinds.includes(incident.kind);
    if (kindFits) {
      score += MATCH_WEIGHT.kind * Math.max(0.5, incident.kindProbability);
      reasons.push(`the incident looks like ${incident.kind} (${Math.round(incident.kindProbability * 100)} %)`);
    }
    const metric = firstMatch(metricRules, metrics);
    if (metric) {
      score += MATCH_WEIGHT.metric;
      reasons.push(`metric ${metric.value} moved (rule ${metric.pattern})`);
    }
    const log = firstMatch(logs, templates);
    if (log) {
      score += MATCH_WEIGHT.log;
      reasons.push(`log pattern "${log.value}" (rule ${log.pattern})`);
    }
    if (kindFits || (metric && log)) out.push({ runbook, score: Math.round(score * 1000) / 1000, reasons });
  }
  return out.sort((a, b) => b.score - a.score || a.runbook.id.localeCompare(b.runbook.id));
}

/** The placeholders a runbook may use; other braces (`%{time_total}`, JSON) stay as written. */
export const PLACEHOLDERS = ['service', 'version', 'previous_version', 'change', 'metric', 'level', 'key', 'old_value', 'new_value'] as const;
const PLACEHOLDER = new RegExp(`\\{(${PLACEHOLDERS.join('|')})\\}`, 'g');

/**
 * Text with `{name}` placeholders filled from `values`; a placeholder with no value becomes `<name>`,
 * so the text never pretends to know what it does not.
 *
 * @example fillPlaceholders('kubectl rollout undo deployment/{service}', { service: 'inventory' })
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | null | undefined>>): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => values[name] ?? `<${name}>`);
}
