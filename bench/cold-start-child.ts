// One cold start, as its own process: open the store, build or load the views, accept one
// ticket; prints one JSON line (then closes, which saves the views). Argument: a JSON
// {"dir"} (lowdb) or {"databaseUrl","schema"} (PostgreSQL). Run by bench/cold-start.ts.
import type { Logger } from '../src/telemetry/logger.ts';
import { fileURLToPath } from 'node:url';
// the compiled runtime when dist/ is current (as `npm start` runs), else the sources
import { runtime } from './runtime.ts';

const { createPostgresStore, createLowdbStore, createSwitchboard, silentLogger } = runtime;
const basePresetDir = fileURLToPath(new URL('../configs/presets/base/', import.meta.url));

const arg = JSON.parse(process.argv[3] ?? process.argv[2]!) as { dir?: string; databaseUrl?: string; schema?: string };
let views = '';
let rebuiltBecause: string | undefined;
const logger: Logger = {
  ...silentLogger,
  info: (msg) => {
    if (msg.includes('views')) views = msg;
  },
  warn: (msg, fields) => {
    if (msg.includes('views')) views = msg;
    const reason = (fields as { reason?: unknown } | undefined)?.reason;
    if (typeof reason === 'string') rebuiltBecause = reason;
  },
  error: (msg, fields) => {
    // a failed save at close (the next start then rebuilds): on stderr, which the parent reports
    console.error(msg, JSON.stringify(fields ?? {}));
  },
};
const store = arg.dir
  ? createLowdbStore({ dir: arg.dir, snapshotEveryMs: 0 })
  : createPostgresStore({ connectionString: arg.databaseUrl!, schema: arg.schema!, saveViewsEveryMs: 0 });
const sb = await createSwitchboard({ policy: { path: basePresetDir }, store, logger });
const { ticket } = await sb.tickets.create({ channel: 'email', subject: 'cold start', customer: { id: 'c-cold' } });
const acceptedMs = performance.now();
global.gc?.();
const line = {
  acceptedMs,
  rss: process.memoryUsage().rss,
  tickets: sb.metrics.size,
  views,
  ...(rebuiltBecause ? { rebuiltBecause } : {}),
  id: ticket.id,
};
console.log(JSON.stringify(line));
await sb.close();
