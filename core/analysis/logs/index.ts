/**
 * Log intelligence: header discovery, masking, Drain-family template mining, template families and
 * pattern events. Pure functions and classes; no I/O.
 */

export { headerTokens, isContinuation, learnHeader, programField, splitHeader, tokenClass } from './header';
export type { HeaderModel, HeaderOptions, HeaderRole, HeaderSplit, TokenClass } from './header';
export { maskCore, maskMessage, maskToken, WILDCARD } from './mask';
export type { MaskedMessage } from './mask';
export { extractParams, TemplateMiner } from './miner';
export type { AddResult, FinalizeResult, MinedTemplate, MinerOptions, MinerStats } from './miner';
export { lineTemplates, mineLines } from './mine-lines';
export type { LineTemplate, MinedEvent, MineLinesOptions, MineLinesResult } from './mine-lines';
export { stem, templateFamilies, templateWords } from './families';
export type { FamilyInput, FamilyOptions, TemplateFamily } from './families';
export { isErrorLevel, patternEvents } from './patterns';
export type { PatternEvent, PatternKind, PatternOptions, TemplateCounts } from './patterns';
export { generalizeToken, patternMatches, patternValues } from './pattern-token';
export { stableHash } from './hash';
export { toLoghubTemplate } from './template-text';
