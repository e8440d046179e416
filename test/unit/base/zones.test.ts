/** Times written in a zone with the offset spelled out, summer and winter, and zones Intl names only by offset. */
import { describe, expect, it } from 'vitest';
import { offsetLabel, zoneAbbreviation, zonedTime } from '../../../core/base/zones';

describe('zonedTime', () => {
  it('writes the zone\'s abbreviation and offset, following summer time', () => {
    expect(zonedTime(Date.UTC(2026, 6, 1, 12, 2), 'Europe/Berlin', { clock: true })).toBe('14:02 CEST (UTC+02:00)');
    expect(zonedTime(Date.UTC(2026, 0, 15, 12, 2), 'Europe/Berlin')).toBe('2026-01-15 13:02 CET (UTC+01:00)');
    expect(zonedTime(Date.UTC(2026, 6, 1, 12, 2), 'America/New_York')).toBe('2026-07-01 08:02 EDT (UTC-04:00)');
    expect(zonedTime(Date.UTC(2026, 6, 1, 12, 2), 'UTC')).toBe('2026-07-01 12:02 UTC');
  });

  it('writes only the offset where the zone has no common abbreviation', () => {
    expect(zoneAbbreviation(Date.UTC(2026, 6, 1), 'Asia/Kolkata')).toBeNull();
    expect(zonedTime(Date.UTC(2026, 6, 1, 12, 2), 'Asia/Kolkata', { clock: true })).toBe('17:32 (UTC+05:30)');
    expect(offsetLabel(Date.UTC(2026, 6, 1), 'America/St_Johns')).toBe('UTC-02:30');
  });
});
