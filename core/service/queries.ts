/**
 * Query advice handlers: `queries/analyse` runs the `queries` task in the worker pool (reading and parsing
 * logs can take seconds) and keeps its result in the workspace as one query source; `queries/advice` reads a
 * source back. Paths are checked here: the renderer is untrusted, so a path must exist and be readable.
 */
import { existsSync } from 'node:fs';
import type { DuplicateIndex, Handlers, QueryAdviceRow, QuerySource, UnusedIndex } from '../api/contract';
import { ApiError } from '../api/errors';
import { queryFingerprints, queryIndexFindings, querySources, saveQuerySource, type QuerySourceRow } from '../store/queries';
import { INTERACTIVE, type ServiceContext } from './context';

type QueriesHandlers = Pick<Handlers, 'queries/analyse' | 'queries/advice'>;

/** A stored source row as the API shows it. */
function toSource(row: QuerySourceRow): QuerySource {
  return {
    id: row.id,
    label: row.label,
    analysedAt: row.analysedAt,
    statements: row.statements,
    fingerprints: row.fingerprints,
    files: JSON.parse(row.files) as QuerySource['files'],
    errors: JSON.parse(row.errors) as string[],
  };
}

export function queriesHandlers(ctx: ServiceContext): QueriesHandlers {
  return {
    'queries/analyse': async ({ paths }, call) => {
      const store = ctx.store();
      const missing = paths.find((p) => !existsSync(p));
      if (missing) throw new ApiError('bad-params', `queries/analyse: no such file or folder: ${missing}`, 'paths');
      const { advice, errors, names } = await ctx.pool.run('queries', { paths }, { signal: call?.signal, ...INTERACTIVE });
      if (!names.length) throw new ApiError('failed', `no query file could be read: ${errors.join('; ') || 'the folder is empty'}`);
      const id = await store.writeTransaction(() =>
        saveQuerySource(store, {
          label: names.join(', '),
          statements: advice.statements,
          fingerprints: advice.fingerprints,
          files: JSON.stringify(advice.files),
          errors: JSON.stringify(errors),
          queries: advice.queries.map((q) => ({
            fingerprint: q.fingerprint,
            dialect: q.dialect,
            calls: q.calls,
            totalMs: q.total_ms,
            meanMs: q.mean_ms,
            p95Ms: q.p95_ms,
            nPlusOne: q.n_plus_one?.typicalRepeats ?? 0,
            detail: JSON.stringify(q),
          })),
          indexFindings: [
            ...advice.duplicate_indexes.map((d) => ({ kind: 'duplicate' as const, table: d.table, index: d.index, detail: JSON.stringify(d) })),
            ...advice.unused_indexes.map((u) => ({ kind: 'unused' as const, table: u.table, index: u.index, detail: JSON.stringify(u) })),
          ],
        }),
      );
      const row = querySources(store).find((s) => s.id === id);
      if (!row) throw new ApiError('failed', 'queries/analyse: the stored source was not found after writing it');
      return toSource(row);
    },

    'queries/advice': async ({ sourceId, limit }) => {
      const store = ctx.store();
      const sources = querySources(store).map(toSource);
      const source = sourceId === undefined ? (sources[0] ?? null) : (sources.find((s) => s.id === sourceId) ?? null);
      if (sourceId !== undefined && !source) throw new ApiError('not-found', `no query source ${sourceId} in this workspace`, 'sourceId');
      if (!source) return { sources, source: null, queries: [], duplicateIndexes: [], unusedIndexes: [] };
      return {
        sources,
        source,
        queries: queryFingerprints(store, source.id, limit ?? 500).map((d) => JSON.parse(d) as QueryAdviceRow),
        duplicateIndexes: queryIndexFindings(store, source.id, 'duplicate').map((d) => JSON.parse(d) as DuplicateIndex),
        unusedIndexes: queryIndexFindings(store, source.id, 'unused').map((d) => JSON.parse(d) as UnusedIndex),
      };
    },
  };
}
