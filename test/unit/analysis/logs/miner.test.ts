import { describe, expect, it } from 'vitest';
import { firstLine, TemplateMiner } from '../../../../core/analysis/logs/miner';
import { groupingAccuracy, picker } from './helpers';

const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar',
  'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'xavier', 'yolanda', 'zoe'];
const regions = ['us-east-1', 'eu-west-2', 'ap-south-1'];

/** Eight known templates; each generator returns [message, expected template]. */
function knownTemplates(seed: number): (() => [string, string])[] {
  const { int, pick } = picker(seed);
  const ip = (): string => `10.${int(256)}.${int(256)}.${int(256)}`;
  const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  return [
    () => [`Accepted connection from ${ip()}:${1024 + int(60000)}`, 'Accepted connection from <*>'],
    () => [`User ${pick(users)} logged in after ${int(5000)} ms`, 'User <*> logged in after <*> ms'],
    () => [`Block blk_${int(1e9)} replicated to ${ip()} size ${int(1e8)}`, 'Block <*> replicated to <*> size <*>'],
    () => [`Request ${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)} failed with status ${500 + int(4)}`,
      'Request <*> failed with status <*>'],
    () => [`Cache miss for key user:${int(99999)} in region ${pick(regions)}`, 'Cache miss for key user:<*> in region <*>'],
    () => [`Scheduler started ${1 + int(64)} workers on node-${int(300)}`, 'Scheduler started <*> workers on node-<*>'],
    () => [`Disk /dev/sda${1 + int(4)} usage at ${int(100)}%`, 'Disk <*> usage at <*>%'],
    () => [`Session ${hex(16)} closed by peer after ${(Math.random() > 2 ? 0 : int(900))}s idle`,
      'Session <*> closed by peer after <*> idle'],
  ];
}

function generate(seed: number, n: number): { messages: string[]; truth: string[] } {
  const gens = knownTemplates(seed);
  const { int } = picker(seed + 1);
  const messages: string[] = [];
  const truth: string[] = [];
  for (let i = 0; i < n; i++) {
    const [m, t] = gens[int(gens.length)]();
    messages.push(m);
    truth.push(t);
  }
  return { messages, truth };
}

describe('TemplateMiner on a known template set', () => {
  it('recovers exactly the planted templates, with grouping accuracy 1', () => {
    const { messages, truth } = generate(11, 2000);
    const miner = new TemplateMiner();
    for (const m of messages) miner.add(m);
    miner.finalize();
    const assigned = messages.map((m) => miner.assign(m));
    expect(new Set(miner.templates().map((t) => t.template))).toEqual(new Set(truth));
    expect(groupingAccuracy(assigned.map((a) => a.templateId), truth)).toBe(1);
    expect(assigned.map((a) => a.template)).toEqual(truth);
  });

  it('counts each template and keeps its first message as the example', () => {
    const miner = new TemplateMiner();
    miner.add('Disk /dev/sda1 usage at 91%');
    miner.add('Disk /dev/sdb2 usage at 12%');
    const [t] = miner.templates();
    expect(t).toMatchObject({ template: 'Disk <*> usage at <*>%', count: 2, example: 'Disk /dev/sda1 usage at 91%' });
  });

  it('returns the values under the holes as params', () => {
    const miner = new TemplateMiner();
    miner.add('User alice logged in after 12 ms');
    const r = miner.add('User bob logged in after 40 ms');
    expect(r.template).toBe('User <*> logged in after <*> ms');
    expect(r.params).toEqual(['bob', '40']);
    expect(miner.add('Scheduler started 4 workers on node-17').params).toEqual(['4', '17']);
  });

  it('keeps two events apart when they differ in more than one word', () => {
    const miner = new TemplateMiner();
    miner.add('Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]');
    miner.add('Received disconnect from 1.2.3.5: 11: disconnected by user');
    expect(miner.templates()).toHaveLength(2);
  });

  it('splits a merged word position that only ever held a few recurring values into distinct events', () => {
    const miner = new TemplateMiner();
    for (let i = 0; i < 20; i++) {
      miner.add(`Block rdd_${i}_1 stored as bytes in memory`);
      miner.add(`Block rdd_${i}_2 stored as values in memory`);
    }
    const fin = miner.finalize();
    expect(fin.templates.map((t) => t.template).sort()).toEqual([
      'Block <*> stored as bytes in memory', 'Block <*> stored as values in memory']);
    expect(miner.assign('Block rdd_99_1 stored as values in memory').template).toBe('Block <*> stored as values in memory');
    const values = fin.templates.find((t) => t.template.includes('values'));
    expect(values).toMatchObject({ count: 20, example: 'Block rdd_0_2 stored as values in memory' });
  });
});

describe('TemplateMiner.finalize', () => {
  it('folds an early narrow template into the general one that covers it', () => {
    const services = ['orders', 'payments', 'catalog', 'search', 'users', 'auth', 'cart', 'shipping', 'billing', 'mail'];
    const miner = new TemplateMiner();
    miner.add('Deployed version 1.0 of payments to staging');
    for (let i = 0; i < 40; i++) miner.add(`Deployed version 1.${i} of ${services[i % 10]} to ${i % 3 ? 'prod' : 'staging'}`);
    const fin = miner.finalize();
    // The services are an open parameter; the two environments are a closed set and split.
    expect(fin.templates.map((t) => [t.template, t.count])).toEqual([
      ['Deployed version <*> of <*> to prod', 26], ['Deployed version <*> of <*> to staging', 15]]);
  });

  it('keeps a narrow template whose word the general one never saw', () => {
    const miner = new TemplateMiner();
    for (let i = 0; i < 5; i++) miner.add(`attempt_${i} Transitioned from NEW to UNASSIGNED`);
    // A general template over six other states: too many to split, few enough to be remembered.
    const states = ['RUNNING', 'KILLED', 'FAILED', 'SUCCEEDED', 'PAUSED', 'RESUMED'];
    let i = 0;
    for (const from of states) {
      for (const to of states) if (to !== from) miner.add(`attempt_${i++} Transitioned from ${from} to ${to}`);
    }
    const texts = miner.finalize().templates.map((t) => t.template);
    expect(texts).toContain('<*> Transitioned from <*> to <*>');
    expect(texts).toContain('<*> Transitioned from NEW to UNASSIGNED');
  });
});

describe('template ids', () => {
  it('are the same when the same input is mined twice', () => {
    const { messages } = generate(5, 500);
    const ids = (): string[] => {
      const miner = new TemplateMiner({ service: 'api' });
      for (const m of messages) miner.add(m);
      miner.finalize();
      return messages.map((m) => miner.assign(m).templateId);
    };
    expect(ids()).toEqual(ids());
  });

  it('do not depend on line order once templates are identical', () => {
    const { messages } = generate(6, 800);
    const idOf = (ms: string[]): Map<string, string> => {
      const miner = new TemplateMiner();
      for (const m of ms) miner.add(m);
      const fin = miner.finalize();
      return new Map(fin.templates.map((t) => [t.template, t.id]));
    };
    const forward = idOf(messages);
    const backward = idOf([...messages].reverse());
    expect(backward).toEqual(forward);
  });

  it('depend on the service', () => {
    const a = new TemplateMiner({ service: 'a' }).add('hello world');
    const b = new TemplateMiner({ service: 'b' }).add('hello world');
    expect(a.templateId).not.toBe(b.templateId);
  });

  it('from addId are the ids add hands out, message by message, and finalize ends the same, overflow included', () => {
    const { messages } = generate(7, 600);
    const withAdd = new TemplateMiner({ service: 'api', maxTemplates: 5 });
    const withAddId = new TemplateMiner({ service: 'api', maxTemplates: 5 });
    expect(messages.map((m) => withAddId.addId(m))).toEqual(messages.map((m) => withAdd.add(m).templateId));
    expect(withAdd.stats().overflowed).toBeGreaterThan(0);
    expect(withAddId.stats()).toEqual(withAdd.stats());
    expect(withAddId.finalize()).toEqual(withAdd.finalize());
  });

  it('finalize maps every id handed out earlier to the final id of its template', () => {
    const miner = new TemplateMiner();
    const first = miner.add('User alice logged in after 12 ms');
    const second = miner.add('User bob logged in after 40 ms');
    expect(first.templateId).not.toBe(second.templateId);
    const fin = miner.finalize();
    expect(fin.idMap.get(first.templateId)).toBe(second.templateId);
    expect(fin.idMap.get(second.templateId)).toBe(second.templateId);
  });
});

describe('memory bounds', () => {
  it('keeps at most maxTemplates templates and counts the overflow', () => {
    const miner = new TemplateMiner({ maxTemplates: 10 });
    // Letters-only words, all different: every message is an event of its own.
    const word = (k: number): string => 'w' + k.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]);
    for (let i = 0; i < 200; i++) miner.add(`${word(3 * i)} ${word(3 * i + 1)} ${word(3 * i + 2)}`);
    const st = miner.stats();
    // 10 templates, plus one catch-all per message length.
    expect(st.templates).toBe(11);
    expect(st.overflowed).toBeGreaterThan(0);
    expect(st.messages).toBe(200);
  });

  it('mines a huge message on its first part and reports it', () => {
    const miner = new TemplateMiner({ maxMessageLength: 1000, maxTokens: 50 });
    const r = miner.add(`start ${'word '.repeat(10_000)}end`);
    expect(r.template.split(' ').length).toBeLessThanOrEqual(50);
    expect(miner.stats().truncated).toBe(1);
  });

  it('checks its options', () => {
    expect(() => new TemplateMiner({ similarity: 0 })).toThrow(RangeError);
    expect(() => new TemplateMiner({ maxTemplates: 0 })).toThrow(/maxTemplates/);
  });
});

describe('TemplateMiner on multi-line events', () => {
  it('mines the first line only: two stack traces under the same log line give one template', () => {
    const miner = new TemplateMiner();
    const a = miner.add('Failed to process order 12: NullPointerException\n\tat com.acme.Orders.place(Orders.java:42)\n\tat com.acme.Api.post(Api.java:7)');
    const b = miner.add('Failed to process order 97: NullPointerException\n\tat com.acme.Cart.total(Cart.java:3)\nCaused by: java.io.IOException: closed\n\t... 12 more');
    expect(b.templateId).toBe(a.templateId);
    expect(b.template).toBe('Failed to process order <*>: NullPointerException');
    expect(b.params).toEqual(['97']);
  });

  it('takes the first non-blank line, without a trailing carriage return', () => {
    expect(firstLine('\n  \nTraceback (most recent call last):\r\n  File "x.py"')).toBe('Traceback (most recent call last):');
    expect(firstLine('one line')).toBe('one line');
  });
});
