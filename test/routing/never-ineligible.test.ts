import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRoutingEnv, type RoutingEnv } from './fixture.ts';

let env: RoutingEnv;
beforeAll(async () => {
  env = await startRoutingEnv();
});
afterAll(async () => {
  await env.close();
});

const agents = ['ana', 'bo', 'cy', 'di', 'ha', 'fu', 'gi', 'ed'];
const command = fc.oneof(
  fc.record({
    kind: fc.constant('presence' as const),
    agent: fc.constantFrom(...agents),
    status: fc.constantFrom('online' as const, 'away' as const, 'offline' as const),
  }),
  fc.record({
    kind: fc.constant('ticket' as const),
    channel: fc.constantFrom('chat', 'phone', 'email'),
    tags: fc.constantFrom<string[]>([], ['payments'], ['cross']),
    tier: fc.constantFrom(undefined, 'vip'),
    priority: fc.constantFrom('P0', 'P1', 'P2', 'P3'),
  }),
  fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('time' as const), minutes: fc.integer({ min: 1, max: 240 }) }),
);

/**
 * Whatever the sequence of presence changes, intakes, resolutions and time passing (across
 * shift ends and absences), no `ticket.assigned` ever names an agent who at that moment is not
 * online, is absent, is off shift, or is over capacity; and after each step no offline or
 * absent agent still holds an open ticket.
 */
it('no ticket goes to an offline, absent, off-shift or full agent (random presence, capacity and time)', async () => {
  const violations: string[] = [];
  // Holders each ticket had at its last event: only agents who newly get a slot are checked
  // (an agent who went away keeps the tickets they hold, by design).
  const holders = new Map<string, Set<string>>();
  env.sb.events.subscribe('*', (e) => {
    const ticket = 'ticket' in e ? e.ticket : undefined;
    if (!ticket) return;
    const now = new Set(
      [ticket.assignee, ...ticket.collaborators.map((c) => c.assignee)].filter((h): h is string => h !== null),
    );
    const had = holders.get(ticket.id) ?? new Set<string>();
    holders.set(ticket.id, now);
    if (e.type !== 'ticket.assigned') return;
    const view = new Map(env.sb.routing.agents().map((a) => [a.id, a]));
    for (const h of now) {
      if (had.has(h)) continue;
      const a = view.get(h);
      if (!a) continue;
      if (a.presence !== 'online') violations.push(`${ticket.id} → ${h} while ${a.presence}`);
      if (a.absent) violations.push(`${ticket.id} → ${h} while absent`);
      if (!a.onShift) violations.push(`${ticket.id} → ${h} while off shift`);
      for (const [k, cap] of Object.entries(a.capacity)) {
        const used = k === 'total' ? a.load.total : (a.load.byKind[k] ?? 0);
        if (used > cap) violations.push(`${ticket.id} → ${h} over capacity ${k} ${used}/${cap}`);
      }
    }
  });
  const open: string[] = [];
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (cmds) => {
      for (const c of cmds) {
        if (c.kind === 'presence') await env.presence(c.agent, c.status);
        if (c.kind === 'ticket')
          open.push(
            (
              await env.ticket({
                channel: c.channel,
                tags: c.tags,
                priority: c.priority,
                ...(c.tier ? { tier: c.tier } : {}),
              })
            ).id,
          );
        if (c.kind === 'resolve' && open.length > 0) {
          const [id] = open.splice(c.pick % open.length, 1);
          await env.call('POST', `/api/tickets/${id}/status`, { status: 'resolved' });
        }
        if (c.kind === 'time') {
          await env.clock.advance(c.minutes * 60_000);
          await env.sb.routing.tick();
        }
        await env.sb.routing.idle();
        for (const a of env.sb.routing.agents()) {
          if ((a.presence === 'offline' || a.absent) && a.load.total > 0)
            violations.push(`${a.id} ${a.presence}${a.absent ? ' absent' : ''} still holds ${a.load.total}`);
        }
        expect(violations).toEqual([]);
      }
    }),
    { numRuns: 25 },
  );
}, 120_000);
