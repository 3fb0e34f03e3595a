import { describe, expect, it } from 'vitest';
import {
  packAll,
  packEvents,
  ticketsPerPack,
  unpackEvents,
  type ClusterEvent,
} from '../../src/realtime/cluster-pack.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const noStore = async () => undefined;

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

  it('carries each ticket version once and gives back every event as it was, in order, through JSON', async () => {
    const pack = packEvents(events);
    expect(pack.tickets.map((t) => `${(t as Ticket).id}@${(t as Ticket).version}`)).toEqual(['t1@1', 't1@2', 't2@1']);
    const wire = JSON.parse(JSON.stringify(pack));
    expect(await unpackEvents(wire, noStore)).toEqual(events);
    expect(JSON.stringify(pack).length).toBeLessThan(JSON.stringify(events).length * 0.8);
  });

  it('splits a tick of events into packs of at most two ticket versions, each under the 8,000-byte NOTIFY limit for typical tickets', async () => {
    const packs = packAll(events);
    expect(packs.map((p) => p.tickets.length)).toEqual([ticketsPerPack, 1]);
    const back = await Promise.all(packs.map((p) => unpackEvents(JSON.parse(JSON.stringify(p)), noStore)));
    expect(back.flat()).toEqual(events);
    for (const p of packs) expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThan(8_000);
    expect(packAll([])).toEqual([]);
  });

  it('ignores a malformed pack instead of throwing', async () => {
    expect(await unpackEvents(undefined, noStore)).toEqual([]);
    expect(await unpackEvents({ events: 'x' }, noStore)).toEqual([]);
    expect(await unpackEvents({ type: 'ticket.created', seq: 1 }, noStore)).toEqual([]);
  });

  it('sends a large ticket by reference and reads it back from the shared store', async () => {
    const big = { ...makeTicket({ id: 't9', version: 4 }), description: 'x'.repeat(100_000) };
    const pack = packEvents([{ type: 'ticket.updated', seq: 7, at: '2026-01-05T09:00:00.000Z', ticket: big }]);
    expect(pack.tickets).toEqual([{ ref: ['t9', 4] }]);
    expect(JSON.stringify(pack).length).toBeLessThan(1_000);
    const reads: string[] = [];
    const back = await unpackEvents(JSON.parse(JSON.stringify(pack)), async (id) => {
      reads.push(id);
      return big;
    });
    expect(reads).toEqual(['t9']);
    expect(back).toEqual([{ type: 'ticket.updated', seq: 7, at: '2026-01-05T09:00:00.000Z', ticket: big }]);
    // gone from the store: the event still arrives, without its ticket
    expect(await unpackEvents(JSON.parse(JSON.stringify(pack)), noStore)).toEqual([
      { type: 'ticket.updated', seq: 7, at: '2026-01-05T09:00:00.000Z' },
    ]);
  });
});
