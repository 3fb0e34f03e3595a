import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { notifyBatchingPool } from '../../src/postgres/index.ts';
import { postgresUrl, uniqueSchema } from '../helpers/postgres.ts';

const url = postgresUrl();

/** A plain client listening on `channel`, collecting payloads. */
async function listener(channel: string) {
  const client = new pg.Client({ connectionString: url! });
  await client.connect();
  const got: string[] = [];
  client.on('notification', (m) => got.push(m.payload ?? ''));
  await client.query(`LISTEN "${channel}"`);
  return { got, client };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe.skipIf(!url)('NOTIFY batching for the socket.io PostgreSQL adapter', () => {
  const pools: pg.Pool[] = [];
  const clients: pg.Client[] = [];
  afterAll(async () => {
    for (const c of clients) await c.end();
    for (const p of pools) await p.end();
  });

  it('delivers every broadcast, in order, repeats included, in fewer statements than broadcasts', async () => {
    const channel = uniqueSchema('ch');
    const l = await listener(channel);
    clients.push(l.client);
    const pool = new pg.Pool({ connectionString: url!, max: 2 });
    pools.push(pool);
    let statements = 0;
    pool.on('acquire', () => statements++);
    const batching = notifyBatchingPool(pool);
    const payloads = Array.from({ length: 60 }, (_, i) => (i % 10 === 9 ? 'same' : `{"n":${i}}`));
    await Promise.all(payloads.map((p) => batching.query('SELECT pg_notify($1, $2)', [channel, p])));
    await until(() => l.got.length >= payloads.length);
    expect(l.got).toEqual(payloads);
    expect(statements).toBeLessThan(payloads.length / 2);
    // anything else goes to the pool unchanged
    expect((await batching.query('SELECT 1 + $1::int AS n', [1])).rows).toEqual([{ n: 2 }]);
  });

  it("hides this pool's own broadcasts from its LISTEN client, but not another process's", async () => {
    const channel = uniqueSchema('ch');
    const mine = new pg.Pool({ connectionString: url!, max: 3 });
    const other = new pg.Pool({ connectionString: url!, max: 1 });
    pools.push(mine, other);
    const batching = notifyBatchingPool(mine);
    const listenClient = await batching.connect();
    const heard: string[] = [];
    listenClient.on('notification', (m) => heard.push(m.payload ?? ''));
    await listenClient.query(`LISTEN "${channel}"`);
    const witness = await listener(channel);
    clients.push(witness.client);

    await batching.query('SELECT pg_notify($1, $2)', [channel, 'from me']);
    await other.query('SELECT pg_notify($1, $2)', [channel, 'from elsewhere']);
    await until(() => witness.got.length >= 2);
    await until(() => heard.length >= 1);
    expect(witness.got).toEqual(['from me', 'from elsewhere']);
    expect(heard).toEqual(['from elsewhere']);
    listenClient.release();
  });
});
