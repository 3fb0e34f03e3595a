import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { startServer, type RunningServer } from '../../src/switchboard/server.ts';
import { createManualClock, type ManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { api, tempDir, testAdminToken } from '../helpers/server.ts';

/** A routing policy written for these tests (not the preset). Monday 2026-01-05 09:00 UTC. */
export const routingPolicy = `
version: 1
id: routing-acceptance
timezone: UTC
channels:
  - { id: chat, kind: online }
  - { id: phone, kind: voice }
  - { id: email, kind: async }
categories:
  - { id: general, name: General }
defaultCategory: general
priorities: { levels: [P0, P1, P2, P3], default: P2 }
calendars:
  - id: day-shift
    timezone: UTC
    hours: { mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"], thu: ["09:00-17:00"], fri: ["09:00-17:00"] }
slas:
  - id: standard
    targets:
      firstResponse: { P0: 10m, P1: 30m, P2: 2h, P3: 1d }
      resolution: { P0: 2h, P1: 24h, P2: 48h, P3: 30d }
agents:
  - { id: rr1, name: RR 1 }
  - { id: rr2, name: RR 2 }
  - { id: rr3, name: RR 3 }
  - { id: rr4, name: RR 4 }
  - { id: rr5, name: RR 5 }
  - { id: ana, name: Ana, skills: [general, { name: payments, level: 2 }], capacity: { online: 2, total: 3 } }
  - { id: bo, name: Bo, skills: [general, { name: payments, level: 5 }], capacity: 2 }
  - { id: cy, name: Cy, skills: [general], calendar: day-shift, capacity: { online: 2, voice: 1, async: 3 } }
  - { id: di, name: Di, skills: [general], capacity: 2, absent: [{ from: "2026-01-05T10:00:00Z", to: "2026-01-05T12:00:00Z" }, { from: "2026-01-07", to: "2026-01-07" }] }
  - { id: ed, name: Ed, skills: [vip] }
  - { id: fu, name: Fu, skills: [tech] }
  - { id: gi, name: Gi, skills: [tech] }
  - { id: ha, name: Ha, capacity: 50 }
routing:
  fallback: support
  groups:
    - { id: fair, members: [rr1, rr2, rr3, rr4, rr5] }
    - { id: support, lead: bo, members: [ana, bo, cy, di], strategy: least-loaded, overflow: { after: 2m, to: backup } }
    - { id: backup, members: [ha] }
    - { id: vip-desk, lead: ed, members: [ed] }
    - { id: tech, lead: fu, members: [fu, gi], strategy: most-spare-capacity }
    - { id: payments, members: [ana, bo], skills: [{ name: payments, level: 4 }], skillsTimeout: 5m }
  rules:
    - { id: vip, priority: 100, conditions: { all: [{ fact: tier, operator: equal, value: vip }] }, event: { type: route, params: { group: vip-desk, collaborators: [tech] } } }
    - { id: fair, priority: 50, conditions: { all: [{ fact: tags, operator: contains, value: fair }] }, event: { type: route, params: { group: fair } } }
    - { id: cross, priority: 50, conditions: { all: [{ fact: tags, operator: contains, value: cross }] }, event: { type: route, params: { group: support, collaborators: [tech], lead: fu } } }
    - { id: payments, priority: 40, conditions: { all: [{ fact: tags, operator: contains, value: payments }] }, event: { type: route, params: { group: payments } } }
`;

export interface RoutingEnv {
  sb: Switchboard;
  server: RunningServer;
  url: string;
  clock: ManualClock;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  ticket(body?: Partial<{ channel: string; tags: string[]; tier: string; priority: string }>): Promise<any>;
  presence(agent: string, status: 'online' | 'away' | 'offline'): Promise<void>;
  close(): Promise<void>;
}

export async function startRoutingEnv(policy = routingPolicy): Promise<RoutingEnv> {
  const tmp = await tempDir('swb-routing-');
  const clock = createManualClock('2026-01-05T09:00:00Z');
  const sb = await createSwitchboard({
    sources: [{ file: 'policy.yaml', text: policy }],
    clock,
    dataDir: tmp.dir,
    logger: silentLogger,
    security: { adminToken: testAdminToken, rateLimitPerMinute: 0, env: {} },
  });
  const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
  const url = `http://127.0.0.1:${server.port}`;
  const call = (method: string, path: string, body?: unknown) => api(url, method, path, body);
  let n = 0;
  return {
    sb,
    server,
    url,
    clock,
    call,
    async ticket(b = {}) {
      const r = await call('POST', '/api/tickets', {
        channel: b.channel ?? 'chat',
        subject: `question ${++n}`,
        customer: { id: `c${n}`, ...(b.tier ? { tier: b.tier } : {}) },
        ...(b.tags ? { tags: b.tags } : {}),
        ...(b.priority ? { priority: b.priority } : {}),
      });
      if (r.status !== 201) throw new Error(`create failed: ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async presence(agent, status) {
      const r = await call('PUT', `/api/agents/${agent}/presence`, { status });
      if (r.status !== 200) throw new Error(`presence failed: ${JSON.stringify(r.body)}`);
    },
    async close() {
      await server.close();
      await tmp.remove();
    },
  };
}
