/**
 * Capacity: forecasts of saturation and headroom per service.
 * No methods yet: the next issues add them here, and the index merges them like every other domain.
 */
import type { ContractPart } from './define';

export const capacityContract = {} as const satisfies ContractPart;
