/**
 * Query and index advice (pt-query-digest; Dexter; pganalyze Index Advisor): fingerprints, totals per
 * fingerprint, candidate indexes with benefit, duplicate/unused indexes, N+1 bursts.
 */
export { adviseQueries, type AdviseOptions, type IndexAdvice, type QueryAdvice, type QueryAdviceRow } from './advise';
export { fingerprint } from './fingerprint';
export { groupByFingerprint, nearestRank, type FingerprintGroup } from './aggregate';
export { coveredBy, createIndexSql, duplicateIndexes, planEvidence, suggestIndexes, tableCandidates, unusedIndexes, type DuplicateIndex, type IndexCandidate, type UnusedIndex } from './indexes';
export { nPlusOne, type NPlusOne, type NPlusOneOptions } from './n-plus-one';
export { statementShape, type StatementShape, type TableUse } from './predicates';
