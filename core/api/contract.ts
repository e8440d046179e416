/**
 * The one contract between the UI and the backend, merged from one file per domain. Every method: a
 * `domain/verb` name, a zod schema for its params (checked at the boundary — the renderer is
 * untrusted) and a result type. Adding a method is one entry in its domain's file and one handler in
 * core/service/<domain>.ts; both shells get it. A name declared by two domains throws at load.
 */
import type { z } from 'zod';
import { annotationsContract } from './annotations';
import { anomaliesContract } from './anomalies';
import { adviceContract } from './advice';
import { capacityContract } from './capacity';
import { compareContract } from './compare';
import { mergeContracts } from './define';
import { eventsContract } from './events';
import { incidentsContract } from './incidents';
import { jobsContract } from './jobs';
import { logsContract } from './logs';
import { postmortemContract } from './postmortem';
import { queriesContract } from './queries';
import { profilesContract } from './profiles';
import { regressionsContract } from './regressions';
import { seriesContract } from './series';
import { shareContract } from './share';
import { workspaceContract } from './workspace';

export * from './workspace';
export * from './series';
export * from './events';
export * from './anomalies';
export * from './logs';
export * from './compare';
export * from './capacity';
export * from './jobs';
export * from './incidents';
export * from './postmortem';
export * from './advice';
export * from './server-events';
export * from './queries';
export * from './regressions';
export type { Envelope, EnvelopeError } from './envelope';

export const contract = mergeContracts({
  workspace: workspaceContract,
  series: seriesContract,
  events: eventsContract,
  anomalies: anomaliesContract,
  logs: logsContract,
  compare: compareContract,
  jobs: jobsContract,
  incidents: incidentsContract,
  capacity: capacityContract,
  advice: adviceContract,
  postmortem: postmortemContract,
  annotations: annotationsContract,
  share: shareContract,
  queries: queriesContract,
  profiles: profilesContract,
  regressions: regressionsContract,
});

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ParamsOf<K extends MethodName> = z.input<Contract[K]['params']>;
export type ResultOf<K extends MethodName> = Contract[K]['result'];

/** What a handler gets beside its params: the caller's cancel signal (aborted when the caller goes away). */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The backend implements one handler per method; `handlers` in core/service is checked against this. */
export type Handlers = { [K in MethodName]: (params: z.output<Contract[K]['params']>, call?: CallOptions) => Promise<ResultOf<K>> };
