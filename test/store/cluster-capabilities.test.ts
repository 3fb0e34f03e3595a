import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createPostgresStore } from '../../src/postgres/index.ts';
import type { StoreCluster } from '../../src/store/cluster.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/types.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/server.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const url = postgresUrl();

/**
 * What each store declares it offers several processes (Store.cluster), and that every part it
 * declares works between two processes: memory and lowdb are owned by one process and declare
 * nothing; PostgreSQL declares all of it.
 */
describe('declared multi-process capabilities (Store.cluster)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  const opened = async (store: Store) => {
    await store.open();
    cleanups.push(() => store.close());
    return store;
  };

  it('memory and lowdb stores declare none', async () => {
    const { dir, remove } = await tempDir('swb-cluster-');
    cleanups.push(remove);
    const memory = await opened(createMemoryStore());
    const lowdb = await opened(createLowdbStore({ dir, clock: createManualClock() }));
    expect(memory.cluster).toBeUndefined();
    expect(lowdb.cluster).toBeUndefined();
  });

  describe.skipIf(!url)('PostgreSQL declares all, each usable by another process on the database', () => {
    /** Two processes: each its own pool on one schema. */
    const twoProcesses = async (): Promise<[Store & { cluster: StoreCluster }, Store & { cluster: StoreCluster }]> => {
      const schema = uniqueSchema('cluster');
      cleanups.push(() => dropSchema(url!, schema));
      const a = await opened(createPostgresStore({ connectionString: url!, schema }));
      const b = await opened(createPostgresStore({ connectionString: url!, schema }));
      return [a, b] as never;
    };

    it('timers, tokens, audit and the change feed', async () => {
      const [a, b] = await twoProcesses();
      for (const part of ['timers', 'tokens', 'audit', 'changes', 'socketAdapter'] as const)
        expect(a.cluster[part], part).toBeDefined();

      // timers: armed by one, claimed once across both
      const due = new Date('2026-01-05T09:00:00Z');
      await a.cluster.timers.arm([{ ticketId: 't1', kind: 'sla', dueAt: due }]);
      const claims = await Promise.all([
        a.cluster.timers.claimDue(new Date(due.getTime() + 1), 10, 'A'),
        b.cluster.timers.claimDue(new Date(due.getTime() + 1), 10, 'B'),
      ]);
      expect(claims.flat().map((c) => c.ticketId)).toEqual(['t1']);

      // tokens: put by one, read and noticed (the mark moved) by the other
      const mark = await b.cluster.tokens.mark();
      await a.cluster.tokens.put({ id: 'tok1' });
      expect(await b.cluster.tokens.mark()).not.toBe(mark);
      expect((await b.cluster.tokens.all()).map((t) => t.id)).toEqual(['tok1']);

      // audit: appended by one, queried by the other
      await a.cluster.audit.append([{ at: '2026-01-05T09:00:00.000Z', ticketId: 't1' }]);
      expect((await b.cluster.audit.query({ limit: 10 })).items).toMatchObject([{ ticketId: 't1' }]);

      // change feed: what one wrote after the other's mark
      const since = await b.cluster.changes.mark();
      await a.insert(makeTicket({ id: 'fresh' }));
      const seen: string[] = [];
      for await (const page of b.cluster.changes.since(since)) seen.push(...page.map((t) => t.id));
      expect(seen).toEqual(['fresh']);
    });

    it('the socket.io adapter carries a broadcast from one process to a socket on the other', async () => {
      const [a, b] = await twoProcesses();
      const serve = async (store: Store & { cluster: StoreCluster }) => {
        const http = createServer();
        const io = new Server(http, { adapter: store.cluster.socketAdapter() });
        await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
        cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
        return { io, port: (http.address() as AddressInfo).port };
      };
      const ioA = await serve(a);
      const ioB = await serve(b);
      const client = connect(`http://127.0.0.1:${ioB.port}`, { transports: ['websocket'] });
      cleanups.push(() => void client.close());
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      const got = new Promise<string>((resolve) => client.once('hello', resolve));
      // B's LISTEN may start after the first broadcast: repeat until one arrives
      const again = setInterval(() => ioA.io.emit('hello', 'from A'), 100);
      cleanups.push(() => clearInterval(again));
      expect(await got).toBe('from A');
    });
  });
});
