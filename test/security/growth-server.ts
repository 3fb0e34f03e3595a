/**
 * A server in its own process for the growth test: `switchboard serve`'s defaults (limits
 * included) on a data directory, reporting its own memory over IPC, so the test measures the
 * server and not itself.
 */
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { startServer } from '../../src/switchboard/server.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { testAdminToken } from '../helpers/server.ts';

const sb = await createSwitchboard({
  dataDir: process.argv[2]!,
  logger: silentLogger,
  // one client sends everything here: the per-address rates would stop it long before the ticket limits
  limits: { survey: { requestsPerMinute: 0 } },
  security: { adminToken: testAdminToken, rateLimitPerMinute: 0, env: {} },
});
const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
process.on('message', (m: unknown) => {
  if (m === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ memory: process.memoryUsage() });
  }
  if (m === 'stop') void server.close().then(() => process.exit(0));
});
process.send?.({ port: server.port });
