/**
 * Postmortem: a written account of an incident, assembled from its timeline and findings.
 * No methods yet: the next issues add them here, and the index merges them like every other domain.
 */
import type { ContractPart } from './define';

export const postmortemContract = {} as const satisfies ContractPart;
