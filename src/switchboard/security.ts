import type { AuditLog } from '../auth/audit-log.ts';
import { openAuditLog } from '../auth/audit-log.ts';
import type { Policy } from '../core/policy/types.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { ApiAccess } from '../http/api-context.ts';
import { openTokenStore, type TokenStore } from '../auth/token-store.ts';
import { createMetrics, type Metrics } from '../telemetry/prometheus.ts';
import type { StoreCluster } from '../store/cluster.ts';
import type { Store } from '../store/types.ts';
import type { Clock } from '../core/util/clock.ts';
import type { IdGenerator } from '../core/util/ids.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { TicketService } from '../runtime/ticket-service.ts';
import type { RateWindow } from '../core/util/rate-window.ts';

export interface SecurityOptions {
  /** `false` turns authentication off: every caller is an admin. Embedding and tests only. */
  auth?: boolean;
  /** An admin token (default: the SWITCHBOARD_ADMIN_TOKEN environment variable). */
  adminToken?: string;
  /** Requests per token per minute (default 1200; 0 = unlimited). */
  rateLimitPerMinute?: number;
  /** Receives the generated first admin token (default: printed through the logger). */
  onFirstAdminToken?: (token: string, file: string) => void;
  env?: Record<string, string | undefined>;
}

export interface Security {
  tokens: TokenStore | undefined;
  audit: AuditLog;
  metrics: Metrics;
  /** What the API router checks callers against. */
  api: ApiAccess;
  realtime: { tokens: TokenStore | undefined; policy: () => Policy; store: Store; metrics: Metrics };
  instrument(tickets: TicketService): TicketService;
  close(): Promise<void>;
}

/** Opens the token store, audit log and metrics registry for one Switchboard. */
export async function openSecurity(
  opts: SecurityOptions & {
    dataDir: string | undefined;
    clock: Clock;
    ids: IdGenerator;
    logger: Logger;
    store: Store;
    /** The store's tokens and audit shared by several processes (PostgreSQL); else the data directory's. */
    shared?: Pick<StoreCluster, 'tokens' | 'audit'> | undefined;
    bus: EventBus;
    policy: () => Policy;
    /** 401 answers per address (HTTP and socket handshakes alike). */
    authFailures?: RateWindow;
  },
): Promise<Security> {
  const env = opts.env ?? process.env;
  const adminToken = opts.adminToken ?? env.SWITCHBOARD_ADMIN_TOKEN;
  const shared = opts.shared?.tokens;
  const tokens =
    opts.auth === false
      ? undefined
      : await openTokenStore({
          dataDir: opts.dataDir,
          clock: opts.clock,
          ids: opts.ids,
          ...(adminToken ? { adminToken } : {}),
          // with PostgreSQL every process accepts the same tokens
          ...(shared
            ? {
                shared,
                onRefreshError: (err: unknown) =>
                  opts.logger.warn('re-reading the shared access tokens failed; the ones held stay in force', {
                    error: String(err),
                  }),
              }
            : {}),
          onFirstAdmin:
            opts.onFirstAdminToken ??
            ((token, file) =>
              opts.logger.warn(
                `no access tokens were configured: generated the first admin token (shown once; also in ${file}, mode 0600): ${token}`,
              )),
        });
  const sharedAudit = opts.shared?.audit;
  const audit = await openAuditLog({
    dataDir: opts.dataDir,
    clock: opts.clock,
    ...(sharedAudit ? { shared: sharedAudit } : {}),
    onError: (err) => opts.logger.error('audit log write failed', { error: String(err) }),
    onDamaged: (d) => opts.logger.warn(`audit log ${d.file} line ${d.line} (byte ${d.offset}): ${d.problem}`, { ...d }),
  });
  const metrics = createMetrics({ store: opts.store, bus: opts.bus });
  return {
    tokens,
    audit,
    metrics,
    api: {
      tokens,
      audit,
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 1200,
      ...(opts.authFailures && tokens ? { authFailures: opts.authFailures } : {}),
    },
    realtime: { tokens, policy: opts.policy, store: opts.store, metrics },
    instrument: (t) => metrics.instrument(t),
    async close() {
      tokens?.close();
      metrics.close();
      await audit.close();
    },
  };
}
