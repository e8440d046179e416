#!/usr/bin/env node
// The `hindsight` command: registers tsx (Node 20 runs no TypeScript by itself) and starts the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../core/cli/main.ts');
process.exitCode = await main(process.argv);
