/** The app and its workspaces: what is open, recent files, create/open, the demo, and a summary. */
import { z } from 'zod';
import { method, none, path } from './define';

export interface WorkspaceInfo {
  path: string;
  name: string;
  dataVersion: number;
  counts: { sources: number; series: number; samples: number; logs: number; events: number; edges: number };
  timeRange: { first: number | null; last: number | null };
}

export interface AppInfo {
  version: string;
  shell: 'electron' | 'browser';
  workspace: WorkspaceInfo | null;
  /** Zone the UI shows by default (the machine's). */
  localZone: string;
}

export interface RecentWorkspace {
  path: string;
  name: string;
  openedAt: number;
}

export interface SourceSummary {
  path: string;
  format: string;
  kind: string;
  bytes: number;
  zone: string;
  accepted: number;
  rejected: number;
  notes: string[];
  /** The service most of its records were attributed to, and where that came from (field, label, pod, path, option). */
  service: string | null;
  serviceOrigin: string | null;
}

export interface WorkspaceSummary extends WorkspaceInfo {
  sources: SourceSummary[];
  /** Per service (null: records no evidence tied to a service); events are imported ones. */
  services: { service: string | null; series: number; samples: number; logs: number; events: number }[];
  /** Imported events per kind (deploy, alert, k8s-scale …), production views' (non-production ones left out). */
  eventsByKind: Record<string, number>;
  /** Imported events of non-production environments (staging, dev, qa …) per kind. */
  nonprodEventsByKind: Record<string, number>;
  /** First and last time of the logs alone: what log-pattern novelty is judged against. */
  logSpan: { first: number | null; last: number | null };
}

export const workspaceContract = {
  'app/info': method(none).returns<AppInfo>(),

  'workspace/recent': method(none).returns<RecentWorkspace[]>(),
  'workspace/open': method(z.strictObject({ path })).returns<WorkspaceInfo>(),
  'workspace/create': method(z.strictObject({ path })).returns<WorkspaceInfo>(),
  /** Writes a copy of the open workspace to a new file (which must not exist yet); the open one stays open. */
  'workspace/saveAs': method(z.strictObject({ path })).returns<{ path: string }>(),
  /** Opens the demo workspace, generating and importing the demo dump first when needed (then a job). */
  'workspace/openDemo': method(none).returns<{ jobId: string | null; workspace: WorkspaceInfo | null }>(),
  'workspace/summary': method(none).returns<WorkspaceSummary>(),
} as const;
