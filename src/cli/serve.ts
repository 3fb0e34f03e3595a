import { createSwitchboard } from '../app/create-switchboard.ts';
import { startServer } from '../app/server.ts';
import { createLogger } from '../util/logger.ts';
import { SwitchboardError } from '../errors/index.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';

/**
 * `switchboard serve [--config DIR | --preset NAME] [--data DIR | --database-url URL] [--port N] [--host H]`.
 * --database-url, else $DATABASE_URL unless --data is given, selects the PostgreSQL store; otherwise lowdb in --data.
 */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    config: { type: 'string' },
    preset: { type: 'string' },
    data: { type: 'string' },
    'database-url': { type: 'string' },
    'database-schema': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  }, 'serve');
  const portText = values.port ?? process.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SwitchboardError('SWB_CLI_USAGE', `serve: --port must be a number from 0 to 65535, got "${portText}"`);
  if (values['database-url'] && values.data) throw new SwitchboardError('SWB_CLI_USAGE', 'serve: pass either --data (lowdb) or --database-url (PostgreSQL), not both');
  // flags beat the environment: an explicit --data means lowdb even when DATABASE_URL is set
  const databaseUrl = values['database-url'] ?? (values.data ? undefined : process.env.DATABASE_URL || undefined);
  const logger = createLogger();
  const sb = await createSwitchboard({
    ...(values.config ? { config: values.config } : {}),
    ...(values.preset ? { preset: values.preset } : {}),
    dataDir: values.data ?? 'data',
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(values['database-schema'] ? { databaseSchema: values['database-schema'] } : {}),
    logger,
  });
  const server = await startServer(sb, { port, ...(values.host ? { host: values.host } : {}), logger });
  const policy = sb.policy.current();
  io.err(`switchboard listening on http://localhost:${server.port} (policy ${policy.doc.id} ${policy.version}, store ${sb.store.kind})`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      io.err(`${signal}: shutting down`);
      server.close().then(resolve, (e) => {
        logger.error('shutdown failed', { error: String(e) });
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
