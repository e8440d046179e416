#!/usr/bin/env node
// The `hindsight` command: runs the compiled CLI (out/cli/main.mjs, plain JavaScript), building it first
// with esbuild when it is missing or older than core/ (scripts/build-cli.mjs).
import { pathToFileURL } from 'node:url';
import { CLI_MAIN, ensureCli } from '../scripts/build-cli.mjs';

// `hindsight summary w | head -1`: the reader has gone, so stop quietly rather than with an EPIPE stack trace.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

await ensureCli();
const { main } = await import(pathToFileURL(CLI_MAIN).href);
process.exitCode = await main(process.argv);
