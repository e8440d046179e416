/** `hindsight serve`: browser mode on 127.0.0.1, building the renderer first when it is missing or stale. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import type * as RendererBuild from '../../../scripts/build-renderer.mjs';
import { Service } from '../../service/service';
import { shareDir } from '../../service/share';
import { makeNodeWorker } from '../../jobs/node-worker';
import { startServer } from '../http';
import { dataDir, PACKAGE_ROOT, RENDERER_DIR, VERSION } from '../paths';

/** Default cap on one uploaded file in browser mode. */
export const DEFAULT_MAX_UPLOAD_MB = 2048;

/**
 * A commander option parser for a whole number in [min, max]; anything else is refused with a sentence
 * before the command runs (so `serve --port abc` never creates a workspace).
 * @example integerOption(0, 65535, 'a port number')('8080') // 8080
 */
export function integerOption(min: number, max: number, what: string): (raw: string) => number {
  return (raw) => {
    const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (!(value >= min && value <= max)) throw new InvalidArgumentError(`expected ${what} (a whole number from ${min} to ${max}).`);
    return value;
  };
}

/**
 * Builds out/renderer with electron-vite when it is missing or older than its sources — the same check
 * `npm start` makes (scripts/build-renderer.mjs). Loaded at run time from the package root, so the
 * compiled CLI uses the script in place rather than a bundled copy.
 */
async function ensureRenderer(): Promise<void> {
  const script = pathToFileURL(join(PACKAGE_ROOT, 'scripts', 'build-renderer.mjs')).href;
  const build = (await import(script)) as typeof RendererBuild;
  build.ensureRenderer();
}

export function registerServeCommand(p: Command): void {
  p.command('serve')
    .description('Browser mode: serve the app on 127.0.0.1 and print the URL to open (it carries the access token).')
    .argument('[workspace]', 'workspace file (*.hindsight) to open; created if missing')
    .option('-p, --port <n>', 'port to listen on (default: any free port)', integerOption(0, 65535, 'a port number'))
    .option('--max-upload-mb <n>', `largest file accepted by a browser-mode upload, in MB (default ${DEFAULT_MAX_UPLOAD_MB})`, integerOption(1, 1024 * 1024, 'a size in MB'))
    .option('--demo', 'open the demo workspace (generated and imported on first use)')
    .action(async (workspace: string | undefined, o: { port?: number; maxUploadMb?: number; demo?: boolean }) => {
      await ensureRenderer();
      const home = dataDir();
      const service = new Service({ makeWorker: makeNodeWorker, dataDir: home, shell: 'browser', version: VERSION });
      if (workspace) service.openWorkspace(workspace, true);
      else if (o.demo) await service.invoke('workspace/openDemo', {});
      const server = await startServer({
        service,
        staticDir: RENDERER_DIR,
        port: o.port,
        uploadDir: join(home, 'uploads'),
        shareDir: shareDir(home),
        maxUploadBytes: (o.maxUploadMb ?? DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024,
      });
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
}
