/**
 * Right-sizing: a workload's requests and limits against the usage it really had. The rule of thumb of
 * Kubernetes' Vertical Pod Autoscaler recommender (requests near a high percentile of usage plus a safety
 * margin; limits above the peak): request = p95 × (1 + margin), limit ≥ p99 × (1 + margin).
 */

export interface RightSizeInput {
  workload: string;
  resource: 'cpu' | 'memory';
  /** Usage percentiles over the window, in the unit of request and limit. */
  p95: number;
  p99: number;
  request: number | null;
  limit: number | null;
  /** Price of one unit (a core, a GiB) per hour, for the saving; optional. */
  pricePerUnitHour?: number;
}

export interface RightSize {
  workload: string;
  resource: 'cpu' | 'memory';
  verdict: 'over-provisioned' | 'under-provisioned' | 'fits' | 'no requests set';
  recommendedRequest: number;
  recommendedLimit: number;
  /** Units freed (positive) or needed (negative) by moving the request to the recommendation. */
  delta: number;
  /** Per hour, when a price was given. */
  savingPerHour: number | null;
  reason: string;
}

export const SAFETY_MARGIN = 0.15;

/** The verdict and recommendation for one workload's resource. */
export function rightSize(inp: RightSizeInput): RightSize {
  const recommendedRequest = inp.p95 * (1 + SAFETY_MARGIN);
  const recommendedLimit = Math.max(inp.p99 * (1 + 2 * SAFETY_MARGIN), recommendedRequest);
  const base = { workload: inp.workload, resource: inp.resource, recommendedRequest, recommendedLimit };
  if (inp.request === null) {
    return { ...base, verdict: 'no requests set', delta: 0, savingPerHour: null, reason: `no ${inp.resource} request set; p95 use is ${fmt(inp.p95)}` };
  }
  const delta = inp.request - recommendedRequest;
  const savingPerHour = inp.pricePerUnitHour !== undefined ? delta * inp.pricePerUnitHour : null;
  if (inp.limit !== null && inp.p99 > 0.9 * inp.limit) {
    return { ...base, verdict: 'under-provisioned', delta, savingPerHour, reason: `p99 use ${fmt(inp.p99)} is ${pct(inp.p99 / inp.limit)} of the limit ${fmt(inp.limit)}` };
  }
  if (inp.p95 > inp.request) {
    return { ...base, verdict: 'under-provisioned', delta, savingPerHour, reason: `p95 use ${fmt(inp.p95)} is above the request ${fmt(inp.request)}` };
  }
  if (inp.request > 2 * recommendedRequest) {
    return { ...base, verdict: 'over-provisioned', delta, savingPerHour, reason: `request ${fmt(inp.request)} is ${fmt(inp.request / inp.p95)}× the p95 use ${fmt(inp.p95)}` };
  }
  return { ...base, verdict: 'fits', delta, savingPerHour, reason: `request ${fmt(inp.request)} covers p95 use ${fmt(inp.p95)} with room` };
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2));
const pct = (x: number): string => `${Math.round(x * 100)} %`;
