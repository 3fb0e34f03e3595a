import { afterEach, describe, expect, it } from 'vitest';
import { readPolicySources } from '../../src/config/read-sources.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { presetPath } from '../../src/runtime/presets.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { generateTickets } from '../helpers/qa-tickets.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';
import { routingPolicy } from '../routing/fixture.ts';

const minute = 60_000;
const hour = 60 * minute;

/**
 * An embedded instance (no `switchboard serve`, no host calling ticks) whose time is a manual
 * clock: every time-based step runs because the clock moved, and `await clock.advance()`
 * returns with its effects stored.
 */
describe('an embedded instance on a manual clock', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  const lowdbDir = async () => {
    const { dir, remove } = await tempDir('swb-clock-');
    cleanups.push(remove);
    return dir;
  };

  it('overflows a waiting ticket to the overflow group when the clock passes the threshold, with no host tick', async () => {
    const dir = await lowdbDir();
    const clock = createManualClock('2026-01-05T09:00:00Z');
    const sb: Switchboard = await createSwitchboard({
      sources: [{ file: 'policy.yaml', text: routingPolicy }],
      store: createLowdbStore({ dir, clock }),
      clock,
      logger: silentLogger,
    });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await sb.close();
    });
    for (const a of ['ana', 'bo', 'cy', 'di']) await sb.routing.setPresence(a, 'offline');
    const { ticket } = await sb.tickets.create({ channel: 'email', subject: 'nobody here', customer: { id: 'C1' } });
    expect([ticket.group, ticket.assignee]).toEqual(['support', null]);

    // support overflows to backup after 2 minutes of waiting
    await clock.advance(2 * minute - 1000);
    expect((await sb.tickets.get(ticket.id)).assignee).toBeNull();
    await clock.advance(15_000);
    const moved = await sb.tickets.get(ticket.id);
    expect([moved.group, moved.assignee]).toEqual(['backup', 'ha']);
    expect(moved.routing?.trace).toContain('overflow to backup');
    expect((await sb.store.get(ticket.id))?.assignee).toBe('ha');

    // close() stops every step it started on the clock
    await sb.close();
    closed = true;
    expect(clock.pending).toBe(0);
  });

  it('samples each completed day for QA when the clock crosses midnight, with no host tick', async () => {
    const dir = await lowdbDir();
    const clock = createManualClock('2026-10-03T16:30:00Z'); // 2026-10-04 00:30 in Asia/Shanghai (the base preset)
    const seed = createLowdbStore({ dir, clock });
    await seed.open();
    for (const t of generateTickets(200, { seed: 3, start: '2026-10-01T00:00:00Z', days: 5 })) await seed.insert(t);
    await seed.close();
    const sb = await createSwitchboard({
      sources: await readPolicySources(presetPath('base')),
      store: createLowdbStore({ dir, clock }),
      clock,
      logger: silentLogger,
      security: { auth: false },
      qaTickMs: 10 * minute,
    });
    cleanups.push(() => sb.close());
    const sampled: string[] = [];
    sb.events.subscribe('qa.sampled', (e) => sampled.push(e.period));
    // the start samples yesterday
    expect((await sb.qa.record('2026-10-03'))?.population).toBe(40);

    await clock.advance(23 * hour + 20 * minute); // 23:50 local: 2026-10-04 is not over
    expect(sampled).toEqual([]);
    await clock.advance(20 * minute); // 00:10 on the 5th: the next tick samples the 4th
    expect(sampled).toEqual(['2026-10-04']);
    expect((await sb.qa.record('2026-10-04'))?.population).toBe(40);
    expect((await sb.qa.queue({ status: 'all' })).length).toBeGreaterThan(0);
  });

  it('stamps audit entries with the clock', async () => {
    const dir = await lowdbDir();
    const clock = createManualClock('2026-03-02T10:00:00Z');
    const s = await startTestServer({ dataDir: dir, clock, preset: 'base' });
    cleanups.push(() => s.close());
    const created = await api(s.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'audited',
      customer: { id: 'C1' },
    });
    expect(created.status).toBe(201);
    await clock.advance(90 * minute);
    await api(s.url, 'POST', `/api/tickets/${created.body.id}/tags`, { tags: ['later'] });
    const audit = await api(s.url, 'GET', `/api/audit?ticket=${created.body.id}`);
    expect(audit.body.items.map((e: { at: string }) => e.at)).toEqual([
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T11:30:00.000Z',
    ]);
  });
});
