/**
 * `longshot serve`: the full UI in a browser, e.g. on a GPU box without a screen. Prints the
 * page address with the session token and runs until Ctrl-C.
 */
import { resolve } from 'node:path';
import { startServer } from '../../server/index';
import { CliError, type Command } from '../command';

function portOption(raw: unknown): number {
  if (raw === undefined) return 0;
  const port = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new CliError(`--port must be 0..65535, got '${String(raw)}'`, 2);
  return port;
}

export const serveCommand: Command = {
  path: ['serve'],
  summary: 'Serve the app to a browser on this machine (127.0.0.1) until Ctrl-C',
  options: {
    port: { type: 'string', value: 'N', description: 'Port to listen on (default: a free one)' },
    host: { type: 'string', value: 'H', description: 'Address to listen on (default 127.0.0.1; anything else prints a warning)' },
    projects: { type: 'string', value: 'DIR', description: 'Folder for new projects (default: projects in LONGSHOT_HOME)' },
  },
  async run(args, io) {
    const host = typeof args.values.host === 'string' ? args.values.host : undefined;
    const projects = typeof args.values.projects === 'string' ? resolve(args.values.projects) : undefined;
    // Naming --host is the explicit choice that allows a non-loopback address (with a warning).
    const server = await startServer({ host, port: portOption(args.values.port), allowRemote: host !== undefined, projectsDir: projects, warn: io.err }).catch(
      (error: unknown) => {
        throw new CliError(error instanceof Error ? error.message : String(error));
      },
    );
    io.out(`Longshot is being served at ${server.origin}`);
    io.out(`Open this address (it carries this session's token): ${server.pageUrl}`);
    io.out('Press Ctrl-C to stop.');
    await new Promise<void>((done) => {
      if (io.signal.aborted) done();
      else io.signal.addEventListener('abort', () => done(), { once: true });
    });
    await server.close();
    io.out('Stopped.');
    return 0;
  },
};
