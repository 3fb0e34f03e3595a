import { createAdapter } from '@socket.io/postgres-adapter';
import type { Pool } from 'pg';
import type { StoreCluster } from '../store/cluster.ts';
import { createChangeFeed } from './change-feed.ts';
import { notifyBatchingPool } from './notify-batch.ts';
import { createSharedAudit } from './shared-audit.ts';
import { createSharedTokens } from './shared-tokens.ts';
import type { SqlNames } from './sql-names.ts';
import { createPostgresTimers } from './timers.ts';

/** Everything several processes on one database share, each part on the store's pool and schema. */
export function createPostgresCluster(pool: Pool, n: SqlNames): StoreCluster & { drained(): Promise<void> } {
  const timers = createPostgresTimers(pool, n);
  return {
    timers,
    tokens: createSharedTokens(pool, n),
    audit: createSharedAudit(pool, n),
    changes: createChangeFeed(pool, n),
    // Broadcasts go through LISTEN/NOTIFY (large payloads via the attachments table of the
    // migrations) and share NOTIFY statements under load (notify-batch.ts). The channel carries
    // the schema, so deployments sharing a database stay apart.
    socketAdapter: () =>
      createAdapter(notifyBatchingPool(pool), {
        tableName: n.attachments,
        channelPrefix: `swb:${n.schema}`,
      }) as ReturnType<StoreCluster['socketAdapter']>,
    drained: () => timers.drained(),
  };
}
