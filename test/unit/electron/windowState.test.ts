/**
 * The main window's saved state (electron/windowState.ts): read back defensively, clamped to the
 * displays there now, and captured from a window as its normal bounds.
 */
import { describe, expect, it } from 'vitest';
import {
  captureWindowState,
  clampToDisplays,
  DEFAULT_WINDOW,
  overlapArea,
  parseWindowState,
  restoreWindowState,
  serializeWindowState,
  type Rect,
  type WindowState,
} from '../../../electron/windowState';

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 }; // a menu bar on top
const monitorRight: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('parseWindowState', () => {
  it('reads what serializeWindowState wrote', () => {
    const state: WindowState = { bounds: { x: 100, y: 80, width: 1300, height: 850 }, maximized: true, fullScreen: false };
    expect(parseWindowState(serializeWindowState(state))).toEqual(state);
  });

  it('reads nothing from a missing, broken or wrongly shaped file', () => {
    for (const text of [null, undefined, '', '{', '[]', '{"bounds":{"x":1,"y":2,"width":"wide","height":3}}', '{"bounds":{"x":1,"y":2,"width":0,"height":3}}', 'null']) {
      expect(parseWindowState(text), String(text)).toBeNull();
    }
  });
});

describe('clampToDisplays', () => {
  it('keeps a window that fits where it is', () => {
    const b = { x: 1600, y: 100, width: 1400, height: 900 };
    expect(clampToDisplays(b, [laptop, monitorRight])).toEqual(b);
  });

  it('centres a window whose monitor is gone on the primary display, shrunk to fit', () => {
    expect(clampToDisplays({ x: 1600, y: 100, width: 1400, height: 900 }, [laptop])).toEqual({ x: 20, y: 25, width: 1400, height: 875 });
    expect(clampToDisplays({ x: 3000, y: 0, width: 800, height: 600 }, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({ x: 560, y: 240, width: 800, height: 600 });
  });

  it('pulls a window hanging off an edge back onto the display it overlaps most', () => {
    expect(clampToDisplays({ x: -300, y: -50, width: 1000, height: 700 }, [laptop])).toEqual({ x: 0, y: 25, width: 1000, height: 700 });
    expect(clampToDisplays({ x: 3500, y: 1000, width: 1000, height: 700 }, [laptop, monitorRight])).toEqual({ x: 3000, y: 740, width: 1000, height: 700 });
  });

  it('is idempotent and always lands inside a display', () => {
    const areas = [laptop, monitorRight];
    for (const b of [
      { x: -5000, y: -5000, width: 5000, height: 5000 },
      { x: 1000, y: 500, width: 1000, height: 800 },
      { x: 4000.6, y: 1439, width: 10, height: 10 },
    ]) {
      const once = clampToDisplays(b, areas);
      expect(clampToDisplays(once, areas)).toEqual(once);
      expect(areas.some((a) => overlapArea(once, a) === once.width * once.height)).toBe(true);
    }
  });

  it('says so when there is no display', () => {
    expect(() => clampToDisplays({ x: 0, y: 0, width: 10, height: 10 }, [])).toThrow(/no display/);
  });
});

describe('restoreWindowState', () => {
  it('opens a first start at the default size, centred on the primary display', () => {
    expect(restoreWindowState(null, [{ x: 0, y: 0, width: 1920, height: 1080 }, monitorRight])).toEqual({
      bounds: { x: (1920 - DEFAULT_WINDOW.width) / 2, y: (1080 - DEFAULT_WINDOW.height) / 2, ...DEFAULT_WINDOW },
      maximized: false,
      fullScreen: false,
    });
  });

  it('restores the saved bounds and maximised state, clamped to today’s displays', () => {
    const saved = serializeWindowState({ bounds: { x: 2000, y: 200, width: 1600, height: 1000 }, maximized: true, fullScreen: false });
    expect(restoreWindowState(saved, [laptop, monitorRight])).toEqual({ bounds: { x: 2000, y: 200, width: 1600, height: 1000 }, maximized: true, fullScreen: false });
    expect(restoreWindowState(saved, [laptop]).bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });
});

describe('captureWindowState', () => {
  it('saves the normal bounds of a maximised window, so it restores to where it was', () => {
    const win = { getNormalBounds: () => ({ x: 10, y: 20, width: 1100, height: 750 }), isMaximized: () => true, isFullScreen: () => false };
    expect(captureWindowState(win)).toEqual({ bounds: { x: 10, y: 20, width: 1100, height: 750 }, maximized: true, fullScreen: false });
  });
});
