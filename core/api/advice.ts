/**
 * Advice: recommendations drawn from the findings (what to check, what to change).
 * No methods yet: the next issues add them here, and the index merges them like every other domain.
 */
import type { ContractPart } from './define';

export const adviceContract = {} as const satisfies ContractPart;
