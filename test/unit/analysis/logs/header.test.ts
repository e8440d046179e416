import { describe, expect, it } from 'vitest';
import { isContinuation, learnHeader, splitHeader } from '../../../../core/analysis/logs/header';
import { picker } from './helpers';

const { int, pick } = picker(7);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const words = ['Connection reset by peer', 'Starting worker 3', 'GC pause 12ms', 'User bob logged in', 'Cache miss key=42'];

function sample(make: (i: number) => string, n = 300): string[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

describe('header discovery', () => {
  it('learns an RFC3339 timestamp, a level, a bracketed thread and a logger ending with a colon', () => {
    const lines = sample((i) => `2024-03-0${1 + (i % 9)}T10:${pad(i % 60)}:${pad(int(60))}.${pad(int(1000), 3)}Z ` +
      `${pick(['INFO', 'WARN', 'ERROR', 'DEBUG'])} [worker-${int(9)}] com.acme.Orders: ${pick(words)}`);
    const m = learnHeader(lines);
    expect(m.fields).toBe(4);
    const s = splitHeader('2024-03-01T10:00:00.000Z ERROR [worker-1] com.acme.Orders: Connection reset by peer', m);
    expect(s).toMatchObject({
      timestamp: '2024-03-01T10:00:00.000Z', level: 'ERROR', thread: 'worker-1', component: 'com.acme.Orders',
      message: 'Connection reset by peer',
    });
  });

  it('learns the HDFS style: date and time as two numbers, a pid, a level, a component', () => {
    const lines = sample((i) => `0811${pad(9 + (i % 2))} ${pad(20 + int(4))}${pad(int(60))}${pad(int(60))} ${int(400)} ` +
      `${pick(['INFO', 'WARN'])} dfs.DataNode$PacketResponder: ${pick(words)}`);
    const m = learnHeader(lines);
    const s = splitHeader('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block terminating', m);
    expect(s).toMatchObject({ timestamp: '081109 203615', pid: '148', level: 'INFO', component: 'dfs.DataNode$PacketResponder' });
    expect(s.message).toBe('PacketResponder 1 for block terminating');
  });

  it('learns the syslog style with a host and a program[pid]', () => {
    const lines = sample((i) => `Jun ${1 + (i % 28)} ${pad(int(24))}:${pad(int(60))}:${pad(int(60))} combo ` +
      `${pick(['sshd', 'su(pam_unix)', 'ftpd'])}[${1000 + int(30000)}]: ${pick(words)}`);
    const m = learnHeader(lines);
    const s = splitHeader('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown', m);
    expect(s).toMatchObject({ timestamp: 'Jun 14 15:16:01', host: 'combo', component: 'sshd(pam_unix)', pid: '19939' });
    expect(s.message).toBe('check pass; user unknown');
  });

  it('learns the BGL style: label, epoch, date, node, timestamp, node, type, component, level', () => {
    const lines = sample((i) => `- ${1117838570 + i} 2005.06.03 R02-M1-N${int(9)}-C:J12-U11 ` +
      `2005-06-03-15.42.${pad(i % 60)}.${pad(int(999999), 6)} R02-M1-N0-C:J12-U11 RAS KERNEL ` +
      `${pick(['INFO', 'FATAL', 'WARNING'])} ${pick(words)}`);
    const m = learnHeader(lines);
    expect(m.fields).toBe(9);
    const s = splitHeader('- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 ' +
      'RAS KERNEL INFO instruction cache parity error corrected', m);
    expect(s.level).toBe('INFO');
    expect(s.message).toBe('instruction cache parity error corrected');
  });

  it('learns a pipe-separated header (timestamp|component|pid|message)', () => {
    const lines = sample((i) => `20171223-22:15:${pad(i % 60)}:${pad(int(1000), 3)}|Step_${pick(['LSC', 'SPUtils'])}|30002312|` +
      `${pick(words)}`);
    const m = learnHeader(lines);
    const s = splitHeader('20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579', m);
    expect(s).toMatchObject({ timestamp: '20171223-22:15:29:606', component: 'Step_LSC', pid: '30002312' });
    expect(s.message).toBe('onStandStepChanged 3579');
  });

  it('learns an epoch-seconds header followed by a level', () => {
    const lines = sample((i) => `${1700000000 + i * 3} ${pick(['INFO', 'ERROR'])} ${pick(words)}`);
    const s = splitHeader('1700000123 ERROR Cache miss key=42', learnHeader(lines));
    expect(s).toMatchObject({ timestamp: '1700000123', level: 'ERROR', message: 'Cache miss key=42' });
  });

  it('learns Python logging: separators around the logger and the level', () => {
    const lines = sample((i) => `2024-05-01 12:00:${pad(i % 60)},${pad(int(1000), 3)} - myapp.db - ` +
      `${pick(['INFO', 'WARNING', 'ERROR'])} - ${pick(words)}`);
    const s = splitHeader('2024-05-01 12:00:07,007 - myapp.db - ERROR - GC pause 12ms', learnHeader(lines));
    expect(s).toEqual({ timestamp: '2024-05-01 12:00:07,007', component: 'myapp.db', level: 'ERROR', message: 'GC pause 12ms' });
  });

  it('learns log4j with the logger after the level and a dash before the message', () => {
    const lines = sample((i) => `2024-05-01 12:00:${pad(i % 60)},${pad(int(1000), 3)} ${pick(['INFO', 'WARN'])}  ` +
      `com.acme.${pick(['Foo', 'Bar'])} - ${pick(words)}`);
    const s = splitHeader('2024-05-01 12:00:07,007 WARN  com.acme.Foo - Starting worker 3', learnHeader(lines));
    expect(s).toEqual({ timestamp: '2024-05-01 12:00:07,007', level: 'WARN', component: 'com.acme.Foo', message: 'Starting worker 3' });
  });

  it('does not take numbers of a message that dominates the sample for header fields', () => {
    const lines = sample((i) => `2024-05-01 12:00:${pad(i % 60)},${pad(int(1000), 3)} INFO [main] com.acme.Api: ` +
      `Handled request ${int(99999)} in ${int(500)} ms`);
    const m = learnHeader(lines);
    expect(m.fields).toBe(5);
    expect(splitHeader(lines[3], m).message).toMatch(/^Handled request \d+ in \d+ ms$/);
  });

  it('finds no header in bare messages, and keeps the whole line as the message', () => {
    const lines = sample(() => pick(words));
    const m = learnHeader(lines);
    expect(m.fields).toBe(0);
    expect(splitHeader('User bob logged in', m)).toEqual({ message: 'User bob logged in' });
  });

  it('never throws on an empty sample', () => {
    expect(learnHeader([]).fields).toBe(0);
    expect(learnHeader(['', '   ']).fields).toBe(0);
  });
});

describe('continuation lines', () => {
  const lines = sample((i) => `2024-03-01 10:00:${pad(i % 60)},${pad(int(1000), 3)} ${pick(['INFO', 'ERROR'])} ` +
    `[main] com.acme.Api: ${pick(words)}`);
  const m = learnHeader(lines);

  it('treats stack frames, "Caused by:" and exception lines as continuations', () => {
    expect(isContinuation('\tat com.acme.Api.handle(Api.java:42)', m)).toBe(true);
    expect(isContinuation('Caused by: java.io.IOException: broken pipe', m)).toBe(true);
    expect(isContinuation('java.lang.NullPointerException: null', m)).toBe(true);
    expect(isContinuation('\t... 12 more', m)).toBe(true);
  });

  it('treats a line with the learned header as a new event', () => {
    expect(isContinuation('2024-03-01 10:00:01,123 ERROR [main] com.acme.Api: failed', m)).toBe(false);
  });

  it('without a header, only indented lines and stack-trace markers continue', () => {
    const bare = learnHeader(sample(() => pick(words)));
    expect(isContinuation('    at x.y(Z.java:1)', bare)).toBe(true);
    expect(isContinuation('Caused by: boom', bare)).toBe(true);
    expect(isContinuation('User bob logged in', bare)).toBe(false);
  });
});
