/**
 * Starting the analysis job: after every import (cached when the data did not change) and on request.
 * Shared by the workspace, jobs and anomalies domains.
 */
import type { ServiceContext } from './context';

/**
 * Starts learning normal and flagging anomalies on the chosen (or all) series. A whole-workspace run
 * already under way is joined rather than started twice. Returns the job id.
 */
export function startAnalysis(ctx: ServiceContext, p: { seriesIds?: number[]; intervalWidth?: number }): string {
  const s = ctx.store();
  const running = ctx.jobs.list().find((j) => j.kind === 'analysis' && j.state === 'running');
  if (running && !p.seriesIds) return running.jobId;
  const n = p.seriesIds?.length;
  return ctx.jobs.start(
    'analysis',
    n ? `Analysing ${n} series` : 'Learning normal and flagging anomalies',
    { workspace: s.file, ...p },
    () => {
      ctx.bands.clear();
      const current = ctx.currentStore();
      if (current) ctx.emit('workspace/changed', { dataVersion: current.dataVersion });
    },
  );
}

/** After new data lands: tell the UI, then learn normal and flag anomalies on it. */
export function afterImport(ctx: ServiceContext): void {
  const s = ctx.currentStore();
  if (!s) return;
  ctx.emit('workspace/changed', { dataVersion: s.dataVersion });
  startAnalysis(ctx, {});
}
