/**
 * The headless shell: `hindsight <command>`. Every command has --help. `serve` is browser mode:
 * the same renderer over HTTP on 127.0.0.1 with a per-run token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { makeNodeWorker } from '../jobs/node-worker';
import { Service } from '../service/service';
import { startServer } from './http';
import { dataDir, PACKAGE_ROOT, RENDERER_DIR } from './paths';
import { registerImportCommands } from './commands/import';
import { registerDemoCommand } from './commands/demo';
import { registerDetectCommand } from './commands/detect';
import { registerForecastCommand } from './commands/forecast';
import { registerLogsCommands } from './commands/logs';
import { registerDetectFormatCommand } from './commands/detect-format';

export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function newService(shell: 'browser' | 'electron' = 'browser'): Service {
  return new Service({ makeWorker: makeNodeWorker, dataDir: dataDir(), shell, version: VERSION });
}

function program(): Command {
  const p = new Command('hindsight')
    .description('Hindsight: an offline workbench for performance investigations (metrics, logs, alerts, deploys).')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    // Set before the subcommands are added, so they inherit it: main() returns instead of exiting.
    .exitOverride();

  p.command('serve')
    .description('Browser mode: serve the app on 127.0.0.1 and print the URL to open (it carries the access token).')
    .argument('[workspace]', 'workspace file (*.hindsight) to open; created if missing')
    .option('-p, --port <n>', 'port to listen on (default: any free port)', (v) => Number.parseInt(v, 10))
    .option('--demo', 'open the demo workspace (generated and imported on first use)')
    .action(async (workspace: string | undefined, o: { port?: number; demo?: boolean }) => {
      const service = newService('browser');
      if (workspace) service.openWorkspace(workspace, true);
      else if (o.demo) await service.invoke('workspace/openDemo', {});
      const server = await startServer({ service, staticDir: RENDERER_DIR, port: o.port, uploadDir: join(dataDir(), 'uploads') });
      console.log(`Hindsight is running at ${server.url}`);
      const stop = async (): Promise<void> => {
        await server.close();
        await service.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      await new Promise(() => undefined);
    });

  registerImportCommands(p);
  registerDetectCommand(p);
  registerForecastCommand(p);
  registerLogsCommands(p);
  registerDetectFormatCommand(p);
  registerDemoCommand(p);
  return p;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const p = program();
  try {
    await p.parseAsync(argv);
    // A command may have set an exit code (e.g. an import in which a file failed).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`hindsight: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
