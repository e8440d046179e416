/**
 * The headless shell: `hindsight <command>`. Every command has --help. `serve` is browser mode:
 * the same renderer over HTTP on 127.0.0.1 with a per-run token.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from './paths';
import { registerServeCommand } from './commands/serve';
import { registerImportCommands } from './commands/import';
import { registerDemoCommand } from './commands/demo';
import { registerDetectCommand } from './commands/detect';
import { registerForecastCommand } from './commands/forecast';
import { registerCapacityCommands } from './commands/capacity';
import { registerLogsCommands } from './commands/logs';
import { registerDetectFormatCommand } from './commands/detect-format';
import { registerIncidentsCommands } from './commands/incidents';
import { registerAnnotateCommands } from './commands/annotate';
import { registerShareCommand } from './commands/share';
import { registerReportCommand } from './commands/report';
import { registerKnowledgeCommands } from './commands/knowledge';
import { registerAdviceCommand } from './commands/advice';
import { registerQueriesCommand } from './commands/queries';
import { registerProfilesCommand } from './commands/profiles';
import { registerRegressionsCommand } from './commands/regressions';

function program(): Command {
  const p = new Command('hindsight')
    .description('Hindsight: an offline workbench for performance investigations (metrics, logs, alerts, deploys).')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    // Set before the subcommands are added, so they inherit it: main() returns instead of exiting.
    .exitOverride();

  registerServeCommand(p);
  registerImportCommands(p);
  registerDetectCommand(p);
  registerForecastCommand(p);
  registerCapacityCommands(p);
  registerLogsCommands(p);
  registerDetectFormatCommand(p);
  registerIncidentsCommands(p);
  registerAnnotateCommands(p);
  registerShareCommand(p);
  registerReportCommand(p);
  registerKnowledgeCommands(p);
  registerAdviceCommand(p);
  registerQueriesCommand(p);
  registerProfilesCommand(p);
  registerRegressionsCommand(p);
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
