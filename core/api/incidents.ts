/**
 * Incidents: anomalies, alerts and log bursts grouped into one incident with a timeline and suspects.
 * No methods yet: the next issues add them here, and the index merges them like every other domain.
 */
import type { ContractPart } from './define';

export const incidentsContract = {} as const satisfies ContractPart;
