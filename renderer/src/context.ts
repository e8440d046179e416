/** What every view inside an open workspace shares: the workspace, the zone, the theme and navigation. */
import { createContext, useContext, type Dispatch } from 'react';
import type { WorkspaceInfo } from '../../core/api/contract';
import type { Analysis } from './hooks/useAnalysis';
import type { AnomalyIndex } from './hooks/useAnomalyIndex';
import type { NavAction, NavState } from './nav';

export interface WorkspaceContextValue {
  ws: WorkspaceInfo;
  zone: string;
  theme: 'dark' | 'light';
  nav: NavState;
  go: Dispatch<NavAction>;
  /** Changes whenever analysis results change (a run finished, an anomaly was marked expected). */
  epoch: number;
  /** Tells every view that analysis results changed. */
  bumpEpoch(): void;
  /** Open anomalies across the workspace. */
  anomalies: AnomalyIndex;
  analysis: Analysis;
  /** The opening pick of series to chart is still being decided. */
  picking: boolean;
  /** The whole data range (first to last sample or event). */
  full: { from: number; to: number };
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const v = useContext(WorkspaceContext);
  if (!v) throw new Error('useWorkspace: used outside a workspace');
  return v;
}
