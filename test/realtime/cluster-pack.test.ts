import { describe, expect, it } from 'vitest';
import {
  packAll,
  packEvents,
  ticketsPerPack,
  unpackEvents,
  type ClusterEvent,
} from '../../src/realtime/cluster-pack.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

describe('cluster event packs (events forwarded between processes)', () => {
  const v1 = makeTicket({ id: 't1', version: 1 });
  const v2 = { ...makeTicket({ id: 't1', version: 2 }), assignee: 'a1' };
  const other = makeTicket({ id: 't2', version: 1 });
  const events: ClusterEvent[] = [
    { type: 'ticket.created', seq: 1, at: '2026-01-05T09:00:00.000Z', ticket: v1 },
    {
      type: 'ticket.assigned',
      seq: 2,
      at: '2026-01-05T09:00:00.000Z',
      ticket: structuredClone(v1),
      assignee: 'a1',
      previous: null,
    },
    {
      type: 'ticket.updated',
      seq: 3,
      at: '2026-01-05T09:00:01.000Z',
      ticket: v2,
      changes: [{ field: 'assignee' }],
    },
    { type: 'config.rejected', seq: 4, at: '2026-01-05T09:00:02.000Z', problems: ['x'] },
    { type: 'ticket.created', seq: 5, at: '2026-01-05T09:00:03.000Z', ticket: other },
  ];

  it('carries each ticket version once and gives back every event as it was, in order, through JSON', () => {
    const pack = packEvents(events);
    expect(pack.tickets.map((t) => `${t.id}@${t.version}`)).toEqual(['t1@1', 't1@2', 't2@1']);
    const wire = JSON.parse(JSON.stringify(pack));
    expect(unpackEvents(wire)).toEqual(events);
    expect(JSON.stringify(pack).length).toBeLessThan(JSON.stringify(events).length * 0.8);
  });

  it('splits a tick of events into packs of at most two ticket versions, each under the 8,000-byte NOTIFY limit for typical tickets', () => {
    const packs = packAll(events);
    expect(packs.map((p) => p.tickets.length)).toEqual([ticketsPerPack, 1]);
    expect(packs.flatMap((p) => unpackEvents(JSON.parse(JSON.stringify(p))))).toEqual(events);
    for (const p of packs) expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThan(8_000);
    expect(packAll([])).toEqual([]);
  });

  it('ignores a malformed pack instead of throwing', () => {
    expect(unpackEvents(undefined)).toEqual([]);
    expect(unpackEvents({ events: 'x' })).toEqual([]);
    expect(unpackEvents({ type: 'ticket.created', seq: 1 })).toEqual([]);
  });
});
