import { createSwitchboard } from '../switchboard/create-switchboard.ts';
import { startServer } from '../switchboard/server.ts';
import { createLogger } from '../telemetry/logger.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { parseCommandArgs } from './args.ts';
import { parseLimitFlags } from './limit-flags.ts';
import type { CliIo } from './io.ts';

/**
 * `switchboard serve [--config DIR | --preset NAME] [--data DIR | --database-url URL] [--port N] [--host H]
 * [--cors-origin LIST|*] [--rate-limit N] [--limit SECTION.KEY=N ...] [--no-watch] [--sla-poll-ms N] [--sla-lease-ms N] [--archive-after-days N]`. --database-url, else $DATABASE_URL unless
 * --data is given, selects the PostgreSQL store; otherwise lowdb in --data. Listens on 127.0.0.1
 * unless --host names another address (0.0.0.0 for every interface).
 */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      config: { type: 'string' },
      preset: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      'database-schema': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'cors-origin': { type: 'string' },
      'rate-limit': { type: 'string' },
      limit: { type: 'string', multiple: true },
      'no-watch': { type: 'boolean' },
      'sla-poll-ms': { type: 'string' },
      'sla-lease-ms': { type: 'string' },
      'archive-after-days': { type: 'string' },
    },
    'serve',
  );
  const slaPollMs = wholeMs(values['sla-poll-ms'], 'sla-poll-ms', 1);
  const slaLeaseMs = wholeMs(values['sla-lease-ms'], 'sla-lease-ms', 0);
  const archiveText = values['archive-after-days'];
  const archiveDays = archiveText === undefined ? undefined : Number(archiveText);
  if (archiveDays !== undefined && (!Number.isInteger(archiveDays) || archiveDays < 0))
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `serve: --archive-after-days must be a whole number of days (0 = never archive), got "${archiveText}"`,
    );
  const rate = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 0))
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `serve: --rate-limit must be a whole number of requests per token per minute (0 = off), got "${values['rate-limit']}"`,
    );
  const limits = parseLimitFlags(values.limit ?? []);
  const corsOrigin =
    values['cors-origin'] === '*'
      ? ('*' as const)
      : values['cors-origin']
          ?.split(',')
          .map((o) => o.trim())
          .filter(Boolean);
  const portText = values.port ?? process.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SwitchboardError('SWB_CLI_USAGE', `serve: --port must be a number from 0 to 65535, got "${portText}"`);
  if (values['database-url'] && values.data)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      'serve: pass either --data (lowdb) or --database-url (PostgreSQL), not both',
    );
  // flags beat the environment: an explicit --data means lowdb even when DATABASE_URL is set
  const databaseUrl = values['database-url'] ?? (values.data ? undefined : process.env.DATABASE_URL || undefined);
  if (archiveDays !== undefined && databaseUrl)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      'serve: --archive-after-days applies to the lowdb store (--data); PostgreSQL keeps closed tickets in its table',
    );
  const logger = createLogger();
  const schema = values['database-schema'];
  const sb = await createSwitchboard({
    policy: {
      ...(values.config ? { path: values.config } : {}),
      ...(values.preset ? { preset: values.preset } : {}),
      // Hot reload: edits to the policy (or what it extends) apply when valid.
      watch: !values['no-watch'],
    },
    dataDir: values.data ?? 'data',
    ...(databaseUrl ? { postgres: { url: databaseUrl, ...(schema ? { schema } : {}) } } : {}),
    ...(archiveDays !== undefined ? { lowdb: { archiveClosedAfterDays: archiveDays } } : {}),
    sla: {
      ...(slaPollMs !== undefined ? { pollMs: slaPollMs } : {}),
      ...(slaLeaseMs !== undefined ? { leaseMs: slaLeaseMs } : {}),
    },
    logger,
    ...(limits ? { limits } : {}),
    security: {
      ...(rate !== undefined ? { rateLimitPerMinute: rate } : {}),
      onFirstAdminToken: (token, file) =>
        io.err(
          `No access tokens were configured. First admin token (shown once, also saved to ${file} with mode 0600):\n  ${token}`,
        ),
    },
  });
  // Signal handlers go in before "listening" is printed: a supervisor that stops the server
  // right after seeing that line must get a graceful shutdown, not the default kill.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const server = await startServer(sb, {
    port,
    host: values.host ?? '127.0.0.1',
    ...(corsOrigin ? { corsOrigin } : {}),
    logger,
  });
  const policy = sb.policy.current();
  io.err(
    `switchboard listening on http://localhost:${server.port} (policy ${policy.doc.id} ${policy.version}, store ${sb.store.kind})`,
  );
  const signal = await signalled;
  io.err(`${signal}: shutting down`);
  await server.close().catch((e) => logger.error('shutdown failed', { error: String(e) }));
  return 0;
}

/** A whole number of milliseconds from a flag (undefined when not given). */
function wholeMs(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `serve: --${flag} must be a whole number of milliseconds, at least ${min}, got "${text}"`,
    );
  return n;
}
