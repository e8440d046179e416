import { describe, expect, it } from 'vitest';
import { LeadingTimestamps, TimeValues, YearInference, ZonedClock, scanIso, scanSyslog } from '../../../../core/ingest/formats/logs/timestamps';

const w = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({
  year, month, day, hour, minute, second, ms: 0, offset: undefined, end: 0,
});

describe('syslog year inference', () => {
  const now = Date.UTC(2025, 0, 10, 12);

  it('uses the reference year for the first year-less time when one is given', () => {
    expect(new YearInference(2019, now).year(w(0, 6, 1), Number.NaN)).toBe(2019);
  });

  it('takes the current year, or the one before when that would be in the future', () => {
    const years = new YearInference(undefined, now);
    expect(years.year(w(0, 1, 5), Number.NaN)).toBe(2025);
    expect(years.year(w(0, 12, 31, 23), Number.NaN)).toBe(2024);
    expect(years.year(w(0, 1, 11, 11, 0), Number.NaN)).toBe(2025); // within a day: clock skew, not a year
  });

  it('rolls over into the next year when December is followed by January', () => {
    const years = new YearInference(undefined, now);
    const prev = Date.UTC(2024, 11, 31, 23, 59, 59);
    expect(years.year(w(0, 1, 1, 0, 0, 1), prev)).toBe(2025);
  });

  it('does not jump a year for a line a few seconds out of order', () => {
    const years = new YearInference(undefined, now);
    expect(years.year(w(0, 12, 31, 23, 59, 57), Date.UTC(2024, 11, 31, 23, 59, 59))).toBe(2024);
    expect(years.year(w(0, 12, 31, 23, 59, 59), Date.UTC(2025, 0, 1, 0, 0, 2))).toBe(2024);
  });

  it('infers the whole sequence of a file without a reference year', () => {
    const stamps = new LeadingTimestamps('UTC', undefined, Date.UTC(2025, 2, 1));
    const ts = ['Dec 30 10:00:00 h a: x', 'Dec 31 23:59:59 h a: x', 'Jan  1 00:00:00 h a: x', 'Feb 28 00:00:00 h a: x'].map(
      (l) => stamps.parse(l)?.ts,
    );
    expect(ts).toEqual([Date.UTC(2024, 11, 30, 10), Date.UTC(2024, 11, 31, 23, 59, 59), Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 28)]);
  });
});

describe('zoned clock', () => {
  it('maps the repeated fall-back hour by closeness to the previous time', () => {
    const clock = new ZonedClock('Europe/Berlin');
    const first = clock.toUtc(w(2024, 10, 27, 2, 30));
    expect(first).toBe(Date.UTC(2024, 9, 27, 0, 30));
    expect(clock.toUtc(w(2024, 10, 27, 2, 5), Date.UTC(2024, 9, 27, 0, 55))).toBe(Date.UTC(2024, 9, 27, 1, 5));
  });

  it('moves a time in the spring-forward gap past the gap', () => {
    const clock = new ZonedClock('Europe/Berlin');
    expect(clock.toUtc(w(2024, 3, 31, 2, 30))).toBe(Date.UTC(2024, 2, 31, 1, 30));
  });

  it('returns NaN for a day the month does not have', () => {
    expect(new ZonedClock('UTC').toUtc(w(2023, 2, 29))).toBeNaN();
  });
});

describe('timestamp scanners', () => {
  it('scan ISO times with T or space, / dates, fractions and offsets', () => {
    expect(scanIso('2024/01/15 10:00:00.5+0530 x', 0)).toMatchObject({ year: 2024, ms: 500, offset: 330, end: 26 });
    expect(scanIso('2024-13-15T10:00:00Z', 0)).toBeUndefined();
    expect(scanIso('2024-01-15X10:00:00Z', 0)).toBeUndefined();
  });

  it('scan syslog days with and without padding', () => {
    expect(scanSyslog('Oct  5 22:14:15 h', 0)).toMatchObject({ month: 10, day: 5, end: 15 });
    expect(scanSyslog('Oct 15 22:14:15.123 h', 0)).toMatchObject({ day: 15, ms: 123, end: 19 });
    expect(scanSyslog('Foo  5 22:14:15', 0)).toBeUndefined();
  });

  it('require white space (or the end) after a leading timestamp', () => {
    const s = new LeadingTimestamps('UTC', 2024);
    expect(s.parse('2024-01-15T10:00:00Z,1,2')).toBeUndefined();
    expect(s.parse('2024-01-15T10:00:00Z')).toMatchObject({ style: 'iso', end: 20 });
    expect(s.parse('[2024-01-15 10:00:00,123] INFO x')).toMatchObject({ style: 'iso', end: 25 });
    expect(s.parse('12345 not an epoch')).toBeUndefined();
  });

  it('read structured time values: epoch numbers by magnitude, ISO, Kibana, CLF and offset tails', () => {
    const t = new TimeValues('UTC');
    // One unit per field, from its values: a seconds field stays in seconds, a nanosecond one in ns.
    expect(new TimeValues('UTC').parse(1_700_000_000)).toBe(1_700_000_000_000);
    expect(new TimeValues('UTC').parse(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(new TimeValues('UTC').parse('1700000000123456789')).toBe(1_700_000_000_123);
    const seconds = new TimeValues('UTC');
    expect(seconds.parse(1_700_000_000)).toBe(1_700_000_000_000);
    expect(seconds.parse(1_700_000_060_000)).toBe(1_700_000_060_000_000);
    expect(t.parse('Feb 14, 2012 @ 17:47:08.120')).toBe(Date.UTC(2012, 1, 14, 17, 47, 8, 120));
    expect(t.parse('10/Oct/2000:13:55:36 -0700')).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(t.parse('2024-01-16 08:00:00 +0100')).toBe(Date.UTC(2024, 0, 16, 7));
    expect(t.parse('2024-01-16')).toBe(Date.UTC(2024, 0, 16));
    expect(t.parse('yesterday')).toBeNaN();
    expect(t.parse(null)).toBeNaN();
  });
});
