import { describe, expect, it } from 'vitest';
import { maskMessage, maskToken } from '../../../../core/analysis/logs/mask';

const cases: [string, string][] = [
  // numbers, with units, signed, floats, hex
  ['42', '<*>'], ['-17', '<*>'], ['3.14', '<*>'], ['0x1f2e', '<*>'], ['12ms', '<*>'], ['1.5s', '<*>'],
  ['003a90fc', '<*>'],
  // addresses
  ['10.251.73.220:50010', '<*>'], ['/10.250.19.102:54106', '<*>'], ['[173.234.31.186]', '[<*>]'], ['proxy.example.edu:5070', '<*>'],
  ['fe80::1ff:fe23:4567:890a', '<*>'], ['[::1]:8080', '<*>'], ['FF:F2:9F:16:E2:23', '<*>'],
  // ids
  ['550e8400-e29b-41d4-a716-446655440000', '<*>'], ['blk_-6952295868487656571', '<*>'],
  ['appattempt_1445144423722_0020_000001', '<*>'], ['R02-M1-N0-C:J12-U11', '<*>'], ['rdd_2_3', '<*>'],
  // paths and URLs
  ['/var/log/app.log', '<*>'], ['hdfs://msra-sa-41:9000/pjob/x', '<*>'], ['http://example.com/a', '<*>'],
  ['C:\\temp\\x.txt', '<*>'],
  // key=value and key:value
  ['uid=0', 'uid=<*>'], ['rhost=218.188.2.4', 'rhost=<*>'], ['(HWID=1973)', '(HWID=<*>)'], ['onExtend:1514038530000', 'onExtend:<*>'],
  ['user=root', 'user=root'], ['tty=NODEVssh', 'tty=NODEVssh'],
  // word prefixes kept, values joined by one separator keep it
  ['node-246', 'node-<*>'], ['core.2275', 'core.<*>'], ['CPU#0', 'CPU#<*>'], ['PS/2', 'PS/<*>'],
  ['1514038440000##7007##548365', '<*>##<*>##<*>'], ['10.251.73.220:50010:Got', '<*>:Got'],
  // wrapping punctuation stays
  ['9).', '<*>).'], ['(TID', '(TID'], ["'0.0'", "'<*>'"],
  // booleans and null are constant text (issue #11), a process keeps its name, versions
  ['true', 'true'], ['null', 'null'], ['False,', 'False,'], ['sshd[1234]:', 'sshd[<*>]:'], ['sshd(pam_unix)[19939]:', 'sshd(pam_unix)[<*>]:'], ['v1.0.6', '<*>'], ['jetty-6.1.26', 'jetty-<*>'],
  // left alone: plain words and words with a short number suffix
  ['ssh2', 'ssh2'], ['alt0', 'alt0'], ['BIOS-e820:', 'BIOS-e820:'], ['Connection', 'Connection'], ['[preauth]', '[preauth]'],
];

describe('token masking', () => {
  it.each(cases)('masks %s as %s', (token, want) => {
    expect(maskToken(token)).toBe(want);
  });
});

describe('message masking', () => {
  it('folds a date inside the message into one value', () => {
    const m = maskMessage('connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005');
    expect(m.masked).toEqual(['connection', 'from', '<*>', '(<*>)', 'at', '<*>']);
    expect(m.raw[5]).toBe('Fri Jun 17 07:07:00 2005');
  });

  it('folds an ISO date-time with a space into one value', () => {
    expect(maskMessage('last seen 2015-10-18 18:01:47,978 ok').masked).toEqual(['last', 'seen', '<*>', 'ok']);
  });

  it('keeps a data-size unit with its number', () => {
    const m = maskMessage('estimated size 16.0 KB, free 317.5 MB)');
    expect(m.masked).toEqual(['estimated', 'size', '<*>,', 'free', '<*>)']);
    expect(m.raw[2]).toBe('16.0 KB,');
  });

  it('aligns masked tokens with the original text', () => {
    const m = maskMessage('  Failed password for root from 1.2.3.4 port 22 ssh2 ');
    expect(m.masked).toEqual(['Failed', 'password', 'for', 'root', 'from', '<*>', 'port', '<*>', 'ssh2']);
    expect(m.raw).toEqual(['Failed', 'password', 'for', 'root', 'from', '1.2.3.4', 'port', '22', 'ssh2']);
  });

  it('masks tokens of binary garbage, replacement characters and huge blobs', () => {
    expect(maskMessage('bad \u0000\u0001\u0002 \uFFFDx ok').masked).toEqual(['bad', '<*>', '<*>', 'ok']);
    expect(maskMessage(`blob ${'a'.repeat(300)}`).masked).toEqual(['blob', '<*>']);
  });

  it('gives no tokens for an empty message', () => {
    expect(maskMessage('   ')).toEqual({ masked: [], raw: [] });
  });
});
