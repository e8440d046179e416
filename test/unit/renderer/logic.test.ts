/**
 * The renderer's pure logic, without a browser: zone offsets and time formatting (the one place
 * for them, time.ts), window arithmetic (ranges.ts), navigation (nav.ts), series search matching
 * and number formatting. Expected offsets are the IANA rules (Berlin: CET/CEST, switching
 * 2026-03-29 01:00 UTC; Kolkata: +05:30; New York: EST/EDT).
 * No browser and no server needed.
 */
import { describe, expect, it } from 'vitest';
import type { SeriesInfo } from '../../../core/api/contract';
import { escapeHtml, fmtValue } from '../../../renderer/src/format';
import { initialNav, MAX_PANELS, navReducer } from '../../../renderer/src/nav';
import { activePreset, anomalyWindow, baselineFor, panWindow, zoomWindow } from '../../../renderer/src/ranges';
import { matchesWords } from '../../../renderer/src/seriesMatch';
import {
  fmtDuration,
  fmtRange,
  fmtTime,
  fromInputValue,
  fromWall,
  parseAxisTime,
  toInputValue,
  toWall,
  zoneLabel,
  zoneOffsetMs,
} from '../../../renderer/src/time';

const H = 3_600_000;
const MIN = 60_000;
const DAY = 24 * H;
const t = (iso: string): number => Date.parse(iso);

function series(id: number, name: string, labels: Record<string, string> = {}, service: string | null = null): SeriesInfo {
  return { id, name, labels, service, unit: null, firstTs: 0, lastTs: 1, count: 2, anomalies: 0, anomalyScore: 0 };
}

describe('zone offsets (time.ts)', () => {
  it('gives each zone its offset east of UTC, summer and winter', () => {
    expect(zoneOffsetMs(t('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(1 * H);
    expect(zoneOffsetMs(t('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(2 * H);
    expect(zoneOffsetMs(t('2026-01-15T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * H);
    expect(zoneOffsetMs(t('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-5 * H);
    expect(zoneOffsetMs(t('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-4 * H);
    expect(zoneOffsetMs(t('2026-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('switches at the exact instant of a daylight-saving change', () => {
    expect(zoneOffsetMs(t('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(1 * H);
    expect(zoneOffsetMs(t('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(2 * H);
  });

  it('turns wall-clock time back into the same instant, taking the earlier one in an overlap', () => {
    for (const iso of ['2026-01-15T12:34:56Z', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-10-25T02:30:00Z']) {
      expect(fromWall(toWall(t(iso), 'Europe/Berlin'), 'Europe/Berlin')).toBe(t(iso));
    }
    // 02:30 on 2026-10-25 happens twice in Berlin (CEST, then CET): the first is 00:30 UTC.
    expect(fromWall(t('2026-10-25T02:30:00Z'), 'Europe/Berlin')).toBe(t('2026-10-25T00:30:00Z'));
  });
});

describe('time formatting (time.ts)', () => {
  const at = t('2026-03-06T15:17:01.250Z');

  it('always writes the zone beside a time', () => {
    expect(fmtTime(at)).toBe('2026-03-06 15:17 UTC');
    expect(fmtTime(at, 'UTC', { seconds: true })).toBe('2026-03-06 15:17:01 UTC');
    expect(fmtTime(at, 'Asia/Kolkata')).toBe('2026-03-06 20:47 UTC+05:30');
    expect(fmtTime(at, 'UTC', { millis: true, bare: true })).toBe('2026-03-06 15:17:01.250');
    expect(fmtTime(null)).toBe('–');
    expect(zoneLabel('America/New_York', at)).toBe('America/New_York (UTC-05:00)');
  });

  it('writes a range with its date (or year) once when both ends share it', () => {
    expect(fmtRange(at, at + 3 * H)).toBe('2026-03-06 15:17 – 18:17 UTC');
    expect(fmtRange(at, at + 2 * DAY)).toBe('2026-03-06 15:17 – 03-08 15:17 UTC');
    expect(fmtRange(at, t('2027-01-02T00:00:00Z'))).toBe('2026-03-06 15:17 – 2027-01-02 00:00 UTC');
  });

  it('writes durations for people', () => {
    expect(fmtDuration(45_000)).toBe('45 s');
    expect(fmtDuration(12 * MIN)).toBe('12 min');
    expect(fmtDuration(3 * H + 5 * MIN)).toBe('3 h 05 min');
    expect(fmtDuration(2 * DAY + 4 * H)).toBe('2 d 4 h');
  });

  it('reads typed times and Plotly axis times as wall-clock time in the chosen zone', () => {
    // typed times are 24-hour, ISO-like, whatever the locale
    expect(toInputValue(at, 'Europe/Berlin')).toBe('2026-03-06 16:17');
    expect(toInputValue(t('2026-03-06T21:05:00Z'), 'UTC')).toBe('2026-03-06 21:05');
    expect(fromInputValue('2026-03-06 16:17', 'Europe/Berlin')).toBe(t('2026-03-06T15:17:00Z'));
    expect(fromInputValue('2026-03-06T16:17', 'Europe/Berlin')).toBe(t('2026-03-06T15:17:00Z'));
    expect(fromInputValue(' 2026-03-06 9:05:30 ', 'UTC')).toBe(t('2026-03-06T09:05:30Z'));
    expect(fromInputValue('not a time', 'UTC')).toBeNaN();
    expect(fromInputValue('2026-02-30 10:00', 'UTC')).toBeNaN();
    expect(fromInputValue('2026-03-06 25:00', 'UTC')).toBeNaN();
    expect(fromInputValue('03/06/2026 4:17 PM', 'UTC')).toBeNaN();
    expect(parseAxisTime('2026-03-06 20:47:01.25', 'Asia/Kolkata')).toBe(at);
    expect(parseAxisTime(toWall(at, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe(at);
  });
});

describe('window arithmetic (ranges.ts)', () => {
  const full = { from: 0, to: 14 * DAY };

  it('zooms around the middle and stays inside the data', () => {
    expect(zoomWindow({ from: 4 * DAY, to: 6 * DAY }, full, 0.5)).toEqual({ from: 4.5 * DAY, to: 5.5 * DAY });
    expect(zoomWindow({ from: 0, to: 2 * DAY }, full, 2)).toEqual({ from: 0, to: 4 * DAY });
    expect(zoomWindow({ from: 0, to: 10 * DAY }, full, 2)).toBeNull();
    const tiny = zoomWindow({ from: DAY, to: DAY + 2 * MIN }, full, 0.01);
    expect(tiny && tiny.to - tiny.from).toBe(MIN);
  });

  it('pans by a fraction of the window and stops at the ends of the data', () => {
    expect(panWindow({ from: 4 * DAY, to: 6 * DAY }, full, -0.25)).toEqual({ from: 3.5 * DAY, to: 5.5 * DAY });
    expect(panWindow({ from: 12 * DAY, to: 14 * DAY }, full, 0.25)).toEqual({ from: 12 * DAY, to: 14 * DAY });
  });

  it('opens an anomaly with padding and compares a range with its baselines', () => {
    expect(anomalyWindow({ start: 10 * H, end: 13 * H })).toEqual({ from: 8.5 * H, to: 14.5 * H });
    expect(anomalyWindow({ start: 10 * H, end: 10 * H + MIN })).toEqual({ from: 10 * H - 30 * MIN, to: 10 * H + 31 * MIN });
    const sel = { from: 10 * DAY, to: 10 * DAY + 2 * H };
    expect(baselineFor(sel, 'before')).toEqual({ from: 10 * DAY - 2 * H, to: 10 * DAY });
    expect(baselineFor(sel, 'day')).toEqual({ from: 9 * DAY, to: 9 * DAY + 2 * H });
    expect(baselineFor(sel, 'week')).toEqual({ from: 3 * DAY, to: 3 * DAY + 2 * H });
  });
});

describe('the highlighted range button (ranges.ts)', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  it('highlights one button only: All for all the data, else the preset the window is', () => {
    const twoWeeks = { from: 0, to: 14 * DAY };
    expect(activePreset(twoWeeks, twoWeeks)).toBe('All');
    expect(activePreset({ from: 13 * DAY, to: 14 * DAY }, twoWeeks)).toBe('24h');
    expect(activePreset({ from: 7 * DAY, to: 14 * DAY }, twoWeeks)).toBe('7d');
    expect(activePreset({ from: 12 * DAY, to: 13 * DAY }, twoWeeks)).toBeNull(); // a day, but not the last one
  });

  it('says All, not 24h too, when the data spans a day or less', () => {
    const oneDay = { from: 0, to: DAY };
    expect(activePreset(oneDay, oneDay)).toBe('All');
    const shorter = { from: 0, to: 20 * HOUR };
    expect(activePreset(shorter, shorter)).toBe('All');
    expect(activePreset({ from: 14 * HOUR, to: 20 * HOUR }, shorter)).toBe('6h');
  });
});

describe('navigation (nav.ts)', () => {
  const a = series(1, 'a');
  const b = series(2, 'b');

  it('toggles series on the timeline, at most MAX_PANELS of them', () => {
    let s = navReducer(initialNav, { type: 'toggle', series: a });
    s = navReducer(s, { type: 'toggle', series: b });
    expect(s.chosen.map((x) => x.id)).toEqual([1, 2]);
    s = navReducer(s, { type: 'toggle', series: a });
    expect(s.chosen.map((x) => x.id)).toEqual([2]);
    const many = Array.from({ length: 20 }, (_, i) => series(i + 1, `s${i}`));
    expect(navReducer(s, { type: 'timeline', series: many }).chosen).toHaveLength(MAX_PANELS);
  });

  it('lets the opening pick chart series only while the person has chosen nothing', () => {
    expect(navReducer(initialNav, { type: 'auto', series: [a] }).chosen).toEqual([a]);
    const cleared = navReducer(navReducer(initialNav, { type: 'toggle', series: b }), { type: 'remove', id: 2 });
    expect(navReducer(cleared, { type: 'auto', series: [a] }).chosen).toEqual([]);
  });

  it('opens the timeline on a range with a selection', () => {
    const s = navReducer({ ...initialNav, view: 'anomalies' }, { type: 'timeline', series: [a], range: { from: 1, to: 9 }, selection: { from: 3, to: 4 } });
    expect(s.view).toBe('timeline');
    expect(s.range).toEqual({ from: 1, to: 9 });
    expect(s.selection).toEqual({ from: 3, to: 4 });
  });
});

describe('series search and number formatting', () => {
  const s = series(7, 'http_request_duration_seconds_p99', { instance: 'inventory-0:9100', service: 'inventory' }, 'inventory');

  it('needs every word to match the name, the service or a label; key=value matches that label', () => {
    expect(matchesWords(s, ['p99', 'inventory'])).toBe(true);
    expect(matchesWords(s, ['p99', 'service=invent'])).toBe(true);
    expect(matchesWords(s, ['p99', 'service=orders'])).toBe(false);
    expect(matchesWords(s, ['p95'])).toBe(false);
    expect(matchesWords(s, ['instance=inventory-0'])).toBe(true);
  });

  it('formats values to about four significant digits and escapes text for Plotly', () => {
    expect(fmtValue(0.0822834)).toBe('0.08228');
    expect(fmtValue(777_520_000)).toBe('777.5M');
    expect(fmtValue(2.777e8, 'B')).toBe('277.7 MB');
    expect(fmtValue(12_345)).toBe('12.35k');
    expect(fmtValue(Number.NaN)).toBe('–');
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&gt;&amp;');
  });
});
