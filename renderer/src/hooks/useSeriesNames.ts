/**
 * The namer (and units) every view writes series with (see seriesLabel.ts), over the workspace's whole series
 * catalogue: the same `series/list` answer the sidebar reads (one cached call), so a series charted
 * alone still reads `p95` and two instances of one metric read by their instance.
 */
import { useMemo } from 'react';
import { inferUnit } from '../../../core/api/units';
import { seriesNamer, type SeriesNamer } from '../seriesLabel';
import { useCall } from '../queries';

/** How views write a series: its readable name, and the unit its values are shown in. */
export interface SeriesDisplay {
  label: SeriesNamer;
  /** The unit of the series with this id (the catalogue's, else the one its name implies). */
  unit(id: number, name: string): string | null;
}

/** The catalogue's params: the sidebar's own empty search, so both share one cached answer. */
export const CATALOGUE = { query: '', limit: 20_000 };

export function useSeriesNames(): SeriesDisplay {
  const q = useCall('series/list', CATALOGUE);
  return useMemo(() => {
    const list = q.data ?? [];
    const units = new Map(list.map((s) => [s.id, inferUnit(s.name, s.unit)]));
    return { label: seriesNamer(list), unit: (id, name) => (units.has(id) ? (units.get(id) ?? null) : inferUnit(name)) };
  }, [q.data]);
}
