/**
 * Open anomalies across the workspace, by series id (for marks on sparklines and panels).
 * Empty, with the error kept, when the backend cannot answer (e.g. analysis never ran).
 */
import { useMemo } from 'react';
import type { AnomalyInfo } from '../../../core/api/contract';
import { afterFirstChart } from '../priority';
import { useCall } from '../queries';

export interface AnomalyIndex {
  bySeries: Map<number, AnomalyInfo[]>;
  all: AnomalyInfo[];
  error: string | null;
  loading: boolean;
}

const ALL = { limit: 10_000 };

export function useAnomalyIndex(): AnomalyIndex {
  const q = useCall('anomalies/list', ALL, afterFirstChart);
  return useMemo(() => {
    const bySeries = new Map<number, AnomalyInfo[]>();
    for (const a of q.data ?? []) {
      const list = bySeries.get(a.seriesId);
      if (list) list.push(a);
      else bySeries.set(a.seriesId, [a]);
    }
    return { bySeries, all: q.data ?? [], error: q.error, loading: q.loading };
  }, [q.data, q.error, q.loading]);
}
