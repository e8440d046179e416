/**
 * Redaction of shared text: each kind is masked with a stable placeholder, counted, and ordinary numbers of
 * logs (timestamps, versions, durations, trace ids, paths) are left alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIpv6, Redactor } from '../../../core/analysis/redact';

const masked = (text: string): string => new Redactor().text(text);

describe('Redactor: what it masks', () => {
  it('masks e-mail addresses', () => {
    expect(masked('password reset sent to alice.smith+shop@mail.example.co.uk')).toBe('password reset sent to <email-1>');
  });

  it('masks IPv4 addresses, with or without a port, in URLs and access logs', () => {
    expect(masked('10.0.0.7 - - [06/Mar/2026:15:32:24 +0000] "GET http://192.168.1.20:8080/x" from 10.0.0.7:443')).toBe(
      '<ip-1> - - [06/Mar/2026:15:32:24 +0000] "GET http://<ip-2>:8080/x" from <ip-1>:443',
    );
  });

  it('masks IPv6 addresses, full and compressed', () => {
    expect(masked('peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334 then [fe80::1]:8080 and ::1')).toBe('peer <ip-1> then [<ip-2>]:8080 and <ip-3>');
  });

  it('masks tokens: Bearer credentials, JWTs, keyed secrets, AWS keys, API keys, long hex and base64 secrets', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(masked(`Authorization: Bearer abcdef123456`)).toBe('Authorization: Bearer <token-1>');
    expect(masked(`cookie ${jwt}`)).toBe('cookie <token-1>');
    expect(masked('db connect password=hunter2 api_key: "k-123" token=abc&next=1')).toBe('db connect password=<token-1> api_key: "<token-2>" token=<token-3>&next=1');
    expect(masked('key AKIAIOSFODNN7EXAMPLE used')).toBe('key <token-1> used');
    expect(masked('stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc and ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('stripe <token-1> and <token-2>');
    expect(masked('hmac 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe('hmac <token-1>');
    expect(masked('secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end')).toBe('secret <token-1> end');
  });

  it('masks user ids by their key, in text and JSON (a JSON line stays JSON), and after the word user', () => {
    expect(masked('login succeeded user_id=417709 method=google uid=1000 userId:abc')).toBe('login succeeded user_id=<user-1> method=google uid=<user-2> userId:<user-3>');
    const line = masked('{"msg":"cart updated","userId": 42,"customer_id":"c-9"}');
    expect(line).toBe('{"msg":"cart updated","userId": "<user-1>","customer_id":"<user-2>"}');
    expect(JSON.parse(line)).toEqual({ msg: 'cart updated', userId: '<user-1>', customer_id: '<user-2>' });
    expect(masked('Order ORD-88977223 placed for user 701029; GET /users/410711 200')).toBe('Order ORD-88977223 placed for user <user-1>; GET /users/<user-2> 200');
  });

  it('redacts the strings inside JSON (attributes, examples, detail) and the values of id and secret keys', () => {
    const r = new Redactor();
    const out = JSON.parse(r.json('{"userId": 42, "attrs": {"password": "x", "note": "mail bob@x.org"}, "list": ["10.1.2.3", 7]}')) as unknown;
    expect(out).toEqual({ userId: '<user-1>', attrs: { password: '<token-1>', note: 'mail <email-1>' }, list: ['<ip-1>', 7] });
    expect(r.json('not json: bob@x.org')).toBe('not json: <email-1>');
  });
});

describe('Redactor: placeholders and counts', () => {
  it('gives the same value the same placeholder for the whole export, and counts occurrences and distinct values per kind', () => {
    const r = new Redactor();
    expect(r.text('login alice@example.com from 10.0.0.7')).toBe('login <email-1> from <ip-1>');
    expect(r.text('login bob@example.com from 10.0.0.7')).toBe('login <email-2> from <ip-1>');
    expect(r.text('logout alice@example.com user_id=5')).toBe('logout <email-1> user_id=<user-1>');
    expect(r.counts).toEqual({ email: 3, ip: 2, token: 0, user: 1 });
    expect(r.distinct).toEqual({ email: 2, ip: 1, token: 0, user: 1 });
  });

  it('starts again for a new export, and never masks a placeholder again', () => {
    const first = new Redactor();
    const once = first.text('token=abc user_id=7 10.0.0.1');
    expect(first.text(once)).toBe(once);
    expect(first.counts).toEqual({ email: 0, ip: 1, token: 1, user: 1 });
    expect(new Redactor().text('user_id=8')).toBe('user_id=<user-1>');
  });
});

describe('Redactor: what it leaves alone', () => {
  const ordinary = [
    '2026-03-06T15:20:00.123Z INFO request served in 12 ms',
    '{"time":"2026-03-06T15:45:05.384150+01:00","level":"INFO"}',
    '[06/Mar/2026:15:32:24 +0000] took 00:01:02 (1.5s, 250ms, 3m20s)',
    'deployed checkout v1.2.3 (version 2.10.0, build 1.2.3-rc.1) to v1.2.3.4',
    'Chrome/122.0.6261.64 Safari/537.36 ShopApp/4.12.0',
    'trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
    'GET /api/v1/orders/ORD-53246713/items?page=4&sort=popular 200',
    'Foo::Bar std::vector<int> at 12:00:00 and 1.2.3.4.5',
    'order=ORD-75444420 items=5 total 87.46 EUR sku=SKU-87890',
    '/static/js/main.Abc123de.chunk.js loaded',
  ];
  it.each(ordinary)('keeps %s', (line) => {
    const r = new Redactor();
    expect(r.text(line)).toBe(line);
    expect(r.counts).toEqual({ email: 0, ip: 0, token: 0, user: 0 });
  });

  it('tells IPv6 addresses from times and scope operators', () => {
    expect(['::1', 'fe80::1', '2001:db8::8a2e:370:7334', '1:2:3:4:5:6:7:8'].every(isIpv6)).toBe(true);
    expect(['15:20:00', 'Cafe::Bad', '1:2:3:4:5:6:7', '1::2::3', '12345::1'].some(isIpv6)).toBe(false);
  });

  it('never changes a line of timestamps, durations and versions (property)', () => {
    const ts = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    const version = fc.tuple(fc.nat(99), fc.nat(99), fc.nat(999)).map(([a, b, c]) => `v${a}.${b}.${c}`);
    const duration = fc.tuple(fc.nat(9999), fc.constantFrom('ms', 's', 'm', 'h')).map(([n, u]) => `${n}${u}`);
    const clock = fc.tuple(fc.nat(23), fc.nat(59), fc.nat(59)).map((p) => p.map((x) => String(x).padStart(2, '0')).join(':'));
    const word = fc.constantFrom('INFO', 'served', 'in', 'took', 'deploy', 'retry', 'ok');
    fc.assert(
      fc.property(fc.array(fc.oneof(ts, version, duration, clock, word), { minLength: 1, maxLength: 12 }), (parts) => {
        const line = parts.join(' ');
        expect(new Redactor().text(line)).toBe(line);
      }),
    );
  });

  it('masks every planted address wherever it sits in ordinary text, with one placeholder per distinct address (property)', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const ip = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
    const filler = fc.constantFrom('GET /api 200', 'took 12 ms', '2026-03-06T15:20:00Z', 'v1.2.3', 'from', 'user');
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, ip), { minLength: 1, maxLength: 8 }), (pairs) => {
        const r = new Redactor();
        const out = r.text(pairs.map(([f, a]) => `${f} ${a}`).join(' '));
        expect(out).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
        expect(r.counts.ip).toBe(pairs.length);
        expect(r.distinct.ip).toBe(new Set(pairs.map(([, a]) => a)).size);
      }),
    );
  });
});
