/**
 * Log styles the loghub benchmark's shared systems do not have (issue #12 item 6): syslog lines whose message
 * starts with a program field, Windows-style fixed-width component columns, logfmt key=value lines. Each
 * fixture is generated (seeded) with its true event per line; the miner must group every event exactly
 * (grouping accuracy 1) with one setting for all, and keep the program/component out of the template.
 */
import { describe, expect, it } from 'vitest';
import { lineTemplates, mineLines } from '../../../../core/analysis/logs/mine-lines';
import { groupingAccuracy, picker } from './helpers';

interface Fixture { lines: string[]; truth: string[] }

const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Mac/BSD syslog: `Mon d hh:mm:ss host program[pid]: message`, some program names with spaces, some without a pid. */
function syslog(n: number): Fixture {
  const { int, pick } = picker(11);
  const ip = (): string => `10.${int(256)}.${int(256)}.${int(256)}`;
  const events: [string, () => string][] = [
    ['accepted', () => `sshd[${1000 + int(50000)}]: Accepted password for ${pick(users)} from ${ip()} port ${1024 + int(60000)} ssh2`],
    ['failed', () => `sshd[${1000 + int(50000)}]: Failed password for invalid user ${pick(users)} from ${ip()} port ${1024 + int(60000)} ssh2`],
    ['cron', () => `CRON[${1000 + int(50000)}]: (root) CMD (run-parts /etc/cron.hourly)`],
    ['session', () => `systemd[1]: Started Session ${int(9000)} of user ${pick(users)}.`],
    ['link', () => `kernel: [${int(99999)}.${pad(int(999999), 6)}] eth0: link up, ${pick([100, 1000])} Mbps, full duplex`],
    ['helper', () => `Google Chrome Helper[${100 + int(900)}]: Connection to ${ip()} closed after ${int(5000)} ms`],
    ['thermal', () => `com.apple.cts[${40 + int(300)}]: Thermal pressure state: ${int(3)} Memory pressure state: ${int(3)}`],
  ];
  const lines: string[] = [];
  const truth: string[] = [];
  for (let i = 0; i < n; i++) {
    const [id, make] = events[int(events.length)];
    lines.push(`Mar ${pad(1 + int(28)).replace(/^0/, ' ')} ${pad(int(24))}:${pad(int(60))}:${pad(int(60))} ` +
      `${pick(['web-01', 'calvisitor-10-105-160-95', 'db1.example.com'])} ${make()}`);
    truth.push(id);
  }
  return { lines, truth };
}

/** Windows CBS style: date, time, level, then a padded component column (CBS, CSI) before the message. */
function windowsColumns(n: number): Fixture {
  const { int } = picker(12);
  const hex = (k: number): string => Array.from({ length: k }, () => '0123456789abcdef'[int(16)]).join('');
  const events: [string, string, () => string][] = [
    ['loaded', 'CBS', () => `Loaded Servicing Stack v6.1.7601.${23000 + int(999)} with Core: C:\\Windows\\winsxs\\amd64_${hex(16)}\\cbscore.dll`],
    ['ending', 'CBS', () => 'Ending TrustedInstaller initialization.'],
    ['session', 'CBS', () => `Session: ${30546173}_${int(1e9)} initialized by client WindowsUpdateAgent.`],
    ['wcp', 'CSI', () => `${pad(int(99999999), 8)}@2016/9/27:20:30:${pad(int(60))}.${int(999)} WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x${hex(11)} @0x${hex(11)})`],
    ['txn', 'CSI', () => `${pad(int(99999999), 8)} Creating NT transaction (seq ${1 + int(9)}), objectname [6]"(null)"`],
    ['warn', 'CBS', () => `Failed to get next element [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]`],
  ];
  const lines: string[] = [];
  const truth: string[] = [];
  for (let i = 0; i < n; i++) {
    const [id, component, make] = events[int(events.length)];
    const level = id === 'warn' ? 'Warning' : 'Info';
    lines.push(`2016-09-28 04:${pad(int(60))}:${pad(int(60))}, ${level.padEnd(22)}${component.padEnd(7)}${make()}`);
    truth.push(id);
  }
  return { lines, truth };
}

/** Proxy-client style: `[mm.dd hh:mm:ss] program[ *64] - message`, the program (and a 64-bit marker) first. */
function programFirst(n: number): Fixture {
  const { int, pick } = picker(14);
  const host = (): string => `${pick(['www.example.com', 'mail.example.org', 'cdn.example.net', 'api.example.io', 'img.example.com'])}:${pick([80, 443])}`;
  const events: [string, () => string][] = [
    ['open', () => `${host()} open through proxy proxy.example.edu:5070 HTTPS`],
    ['close', () => `${host()} close, ${int(9999)} bytes sent, ${int(99999)} bytes received, lifetime ${pad(int(60))}:${pad(int(60))}`],
    ['error', () => `${host()} error : Could not connect through proxy proxy.example.edu:5070 - Proxy server cannot establish a connection with the target, status code ${pick([403, 502])}`],
  ];
  const lines: string[] = [];
  const truth: string[] = [];
  for (let i = 0; i < n; i++) {
    const [id, make] = events[int(events.length)];
    const program = pick(['chrome.exe', 'Dropbox.exe *64', 'firefox.exe', 'svchost.exe *64', 'outlook.exe', 'Skype.exe']);
    lines.push(`[10.${pad(1 + int(30))} ${pad(int(24))}:${pad(int(60))}:${pad(int(60))}] ${program} - ${make()}`);
    truth.push(id);
  }
  return { lines, truth };
}

/** logfmt: `time=... level=... msg="..." key=value ...`; an enum-like value (the method) is part of the event. */
function logfmt(n: number): Fixture {
  const { int, pick } = picker(13);
  const events: [string, () => string][] = [
    ['get', () => `msg="request done" method=GET path=/api/orders/${int(99999)} status=200 duration=${int(900)}ms user=${pick(users)}`],
    ['post', () => `msg="request done" method=POST path=/api/orders/${int(99999)} status=201 duration=${int(900)}ms user=${pick(users)}`],
    ['miss', () => `msg="cache miss" key=user:${int(1e6)} region=${pick(['eu-west-1', 'us-east-1', 'ap-south-1'])} hit=false`],
    ['retry', () => `msg=retrying attempt=${1 + int(5)} backoff=${int(2000)}ms err="connection refused" upstream=${pick(['10.0.0.1:5432', '10.0.0.2:5432'])}`],
    ['flag', () => `msg="feature flag evaluated" flag=${pick(['checkout_v2', 'new_search', 'dark_mode', 'beta_banner', 'fast_cart', 'promo_x'])} value=null`],
  ];
  const lines: string[] = [];
  const truth: string[] = [];
  for (let i = 0; i < n; i++) {
    const [id, make] = events[int(events.length)];
    lines.push(`time=2024-05-0${1 + int(9)}T${pad(int(24))}:${pad(int(60))}:${pad(int(60))}Z level=${pick(['info', 'warn', 'error'])} ${make()}`);
    truth.push(id);
  }
  return { lines, truth };
}

function groups(f: Fixture): { ga: number; templates: Map<string, string> } {
  const rows = lineTemplates(mineLines(f.lines));
  const templates = new Map<string, string>();
  rows.forEach((r, i) => templates.set(f.truth[i], r?.template ?? ''));
  return { ga: groupingAccuracy(rows.map((r) => r?.templateId ?? ''), f.truth), templates };
}

describe('template mining on log styles the benchmark systems lack', () => {
  it('syslog: the program[pid] field, with or without a pid or spaces in its name, is header, not template', () => {
    const f = syslog(600);
    const { ga, templates } = groups(f);
    expect(ga).toBe(1);
    expect(templates.get('accepted')).toBe('Accepted password for <*> from <*> port <*> ssh2');
    expect(templates.get('helper')).toBe('Connection to <*> closed after <*> ms');
    expect(templates.get('cron')).toBe('(root) CMD (run-parts <*>)');
    const mined = mineLines(f.lines);
    const e = mined.events.find((x) => x.template.startsWith('Thermal'));
    expect(e).toMatchObject({ component: 'com.apple.cts' });
    expect(e?.pid).toMatch(/^\d+$/);
  });

  it('Windows columns: the padded component column (CBS, CSI) is header, not the first message word', () => {
    const f = windowsColumns(600);
    const { ga, templates } = groups(f);
    expect(ga).toBe(1);
    expect(templates.get('ending')).toBe('Ending TrustedInstaller initialization.');
    const mined = mineLines(f.lines);
    expect(new Set(mined.events.map((e) => e.component))).toEqual(new Set(['CBS', 'CSI']));
  });

  it('program first: the program before the dash, with or without a `*64` marker, is header', () => {
    const f = programFirst(600);
    const { ga, templates } = groups(f);
    expect(ga).toBe(1);
    expect(templates.get('open')).toBe('<*> open through proxy <*> HTTPS');
    expect(new Set(mineLines(f.lines).events.map((e) => e.component))).toEqual(
      new Set(['chrome.exe', 'Dropbox.exe', 'firefox.exe', 'svchost.exe', 'outlook.exe', 'Skype.exe']));
  });

  it('logfmt: keys stay, values are parameters, an enum-like value and null/false stay text', () => {
    const f = logfmt(600);
    const { ga, templates } = groups(f);
    expect(ga).toBe(1);
    expect(templates.get('get')).toContain('method=GET path=<*>');
    expect(templates.get('miss')).toContain('hit=false');
    expect(templates.get('flag')).toContain('value=null');
  });
});
