/**
 * Topology readers: service dependency edges from CSV or JSON.
 */
import type { FormatReader } from '../../types';
import { edgesCsvReader } from './edges-csv-reader';
import { edgesJsonReader } from './edges-json-reader';

export const topologyReaders: FormatReader[] = [edgesCsvReader, edgesJsonReader];

export { edgesCsvReader, edgesJsonReader };
