import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { api, socketClient, startTestServer, tempDir } from '../helpers/server.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});
const quiet = { out: () => {}, err: () => {} };

/** A week of history exported with nulls: 30 tickets still open, 10 resolved; times without a zone. */
const exportFile = async (dir: string) => {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const day = 23 + Math.floor(i / 8);
    const open = i < 30;
    lines.push(
      JSON.stringify({
        id: `H${i}`,
        channel: i % 2 ? 'chat' : 'email',
        subject: '支付失败 payment failed',
        customer: { id: `C${i}`, tier: null },
        createdAt: `2026-11-${day} 09:00`,
        firstResponseAt: open ? null : `2026-11-${day} 09:10`,
        resolvedAt: open ? null : `2026-11-${day} 11:00`,
        csat: null,
      }),
    );
  }
  const file = join(dir, 'week.jsonl');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
};

describe('imported history stays history', () => {
  const serve = async (live: boolean) => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const data = join(dir, 'data');
    const importArgs = ['import', '--data', data, '--tickets', await exportFile(dir), ...(live ? ['--live'] : [])];
    expect(await run(importArgs, quiet)).toBe(0);
    const clock = createManualClock('2026-12-01T08:00:00Z');
    const events: string[] = [];
    const s = await startTestServer({ dataDir: data, clock });
    cleanups.push(() => s.close());
    s.sb.events.subscribe('*', (e) => void events.push(e.type));
    await clock.advance(3_600_000);
    const list = (await api(s.url, 'GET', '/api/tickets?limit=100')).body.items as Ticket[];
    return { s, clock, events, list };
  };

  it('a week of open tickets is not assigned to today’s agents and fires no breaches; --live makes it work', async () => {
    const past = await serve(false);
    expect(past.list).toHaveLength(40);
    expect(past.list.filter((t) => t.status !== 'resolved').every((t) => t.assignee === null)).toBe(true);
    expect(past.events.filter((e) => e.startsWith('sla.') || e === 'ticket.assigned')).toEqual([]);
    // their clocks stay as the import left them: nothing stepped them past deadlines of last week
    const pastOpen = past.list.filter((t) => t.status !== 'resolved');
    expect(pastOpen.every((t) => t.sla.firstResponse?.state === 'running' && t.version === 1)).toBe(true);
    // a zoneless time is the policy's (Asia/Shanghai): 09:00 there is 01:00 UTC
    const h0 = past.list.find((t) => t.id === 'H0')!;
    expect(h0.createdAt).toBe('2026-11-23T01:00:00.000Z');
    expect(h0.imported).toEqual({ at: expect.any(String), live: false });
    // the queues hold no imported history
    const queues = (await api(past.s.url, 'GET', '/api/queues')).body;
    expect(JSON.stringify(queues)).not.toContain('"H');
    // nor the dashboards' snapshot of open tickets, nor the Prometheus open gauge
    const socket = await socketClient(past.s.url);
    cleanups.push(async () => void socket.close());
    const snap = await socket.emitWithAck('subscribe', { all: true });
    expect(snap.snapshot).toEqual([]);
    const prom = (await api(past.s.url, 'GET', '/metrics')).body as string;
    expect(prom).not.toMatch(/^switchboard_tickets_open\{/m);

    // once someone acts on one, it is today's work like any other
    expect((await api(past.s.url, 'POST', '/api/tickets/H0/replies', { body: '您好' })).status).toBe(201);
    const touched = (await api(past.s.url, 'GET', '/api/tickets/H0')).body as Ticket;
    expect(touched.version).toBeGreaterThan(1);

    const live = await serve(true);
    expect(live.list.filter((t) => t.status !== 'resolved').some((t) => t.assignee !== null)).toBe(true);
    const liveOpen = live.list.filter((t) => t.status !== 'resolved');
    expect(liveOpen.every((t) => t.sla.firstResponse?.state === 'breached')).toBe(true);
    // live imports are open work: on the wall and in the gauge
    const liveSocket = await socketClient(live.s.url);
    cleanups.push(async () => void liveSocket.close());
    expect((await liveSocket.emitWithAck('subscribe', { all: true })).snapshot).toHaveLength(40);
    expect((await api(live.s.url, 'GET', '/metrics')).body).toMatch(/^switchboard_tickets_open\{/m);
  });
});
