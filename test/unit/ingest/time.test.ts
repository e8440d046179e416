import { describe, expect, it } from 'vitest';
import { formatInZone, parseEpoch, parseIsoTime, wallClockToUtc } from '../../../core/ingest/time';

describe('time: every stored time is UTC milliseconds', () => {
  it('reads RFC 3339 with Z, an offset, and nanosecond fractions', () => {
    expect(parseIsoTime('2024-01-15T10:00:00.123Z')).toBe(Date.UTC(2024, 0, 15, 10, 0, 0, 123));
    expect(parseIsoTime('2026-01-05T13:54:43.262668+01:00')).toBe(Date.UTC(2026, 0, 5, 12, 54, 43, 262));
    expect(parseIsoTime('2024-03-18T15:46:14.238135024Z')).toBe(Date.UTC(2024, 2, 18, 15, 46, 14, 238));
  });

  it('reads a time without an offset in the chosen zone', () => {
    expect(parseIsoTime('1999-11-27 15:49:37,459')).toBe(Date.UTC(1999, 10, 27, 15, 49, 37, 459));
    expect(parseIsoTime('2024-07-01 12:00:00', 'Europe/Berlin')).toBe(Date.UTC(2024, 6, 1, 10));
  });

  it('reads epoch numbers by their digit count', () => {
    expect(parseEpoch('1700000000')).toBe(1_700_000_000_000);
    expect(parseEpoch('1700000000123')).toBe(1_700_000_000_123);
    expect(parseEpoch('1700000000123456')).toBe(1_700_000_000_123);
    expect(parseEpoch('1700000000123456789')).toBe(1_700_000_000_123);
    expect(parseEpoch('12345')).toBeNaN();
  });

  it('neither loses nor duplicates local minutes across DST transitions', () => {
    const zone = 'Europe/Berlin';
    // Fall back 2024-10-27 03:00 -> 02:00: 02:30 exists twice; the earlier instant is taken.
    expect(wallClockToUtc({ year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0, ms: 0 }, zone)).toBe(
      Date.UTC(2024, 9, 27, 0, 30),
    );
    // Spring forward 2024-03-31 02:00 -> 03:00: 02:30 does not exist and moves past the gap.
    const gap = wallClockToUtc({ year: 2024, month: 3, day: 31, hour: 2, minute: 30, second: 0, ms: 0 }, zone);
    const after = wallClockToUtc({ year: 2024, month: 3, day: 31, hour: 3, minute: 0, second: 0, ms: 0 }, zone);
    expect(gap).toBeGreaterThanOrEqual(after - 3_600_000);
    // A local-time minute sequence across the gap stays strictly increasing.
    const seq = [0, 1, 59].map((m) => wallClockToUtc({ year: 2024, month: 3, day: 31, hour: 1, minute: m, second: 0, ms: 0 }, zone));
    expect(seq[0]).toBeLessThan(seq[1]);
  });

  it('writes ISO 8601 with the zone offset', () => {
    expect(formatInZone(Date.UTC(2024, 0, 15, 10), 'Europe/Berlin')).toBe('2024-01-15T11:00:00.000+01:00');
    expect(formatInZone(Date.UTC(2024, 0, 15, 10))).toBe('2024-01-15T10:00:00.000Z');
  });
});
