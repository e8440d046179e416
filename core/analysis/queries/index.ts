/**
 * Query and index advice (pt-query-digest; Dexter; pganalyze Index Advisor): fingerprints, totals per
 * fingerprint, candidate indexes with benefit, duplicate/unused indexes, N+1 bursts.
 */
export { adviseQueries, type AdviseOptions } from './advise';
export type * from './types';
export { fingerprint } from './fingerprint';
export { groupByFingerprint, nearestRank, type FingerprintGroup } from './aggregate';
export { coveredBy, createIndexSql, duplicateIndexes, planEvidence, suggestIndexes, tableCandidates, unusedIndexes, type IndexCandidate } from './indexes';
export { nPlusOne, type NPlusOneOptions } from './n-plus-one';
export { sqlParsers, statementShape, type SqlParsers, type StatementShape, type TableUse } from './predicates';
