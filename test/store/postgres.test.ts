import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPostgresStore } from '../../src/postgres/index.ts';
import { migrations } from '../../src/postgres/migrations.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { runStoreContract } from './contract.ts';

const url = postgresUrl();

describe.skipIf(!url)('postgres store', () => {
  runStoreContract('postgres', async () => {
    const schema = uniqueSchema('contract');
    return {
      store: createPostgresStore({ connectionString: url!, schema, max: 4 }),
      reopen: async () => createPostgresStore({ connectionString: url!, schema, max: 4 }),
      cleanup: () => dropSchema(url!, schema),
    };
  });

  describe('schema and migrations', () => {
    const schemas: string[] = [];
    afterAll(async () => {
      for (const s of schemas) await dropSchema(url!, s);
    });

    it('runs every migration once, even when several processes open the store at the same time', async () => {
      const schema = uniqueSchema('mig');
      schemas.push(schema);
      const stores = Array.from({ length: 4 }, () => createPostgresStore({ connectionString: url!, schema, max: 2 }));
      await Promise.all(stores.map((s) => s.open()));
      await stores[0]!.insert(makeTicket({ id: 'm1' }));
      expect((await stores[3]!.get('m1'))?.id).toBe('m1');
      const rows = (await stores[0]!.pool.query(`SELECT id FROM "${schema}".migrations ORDER BY id`)).rows.map(
        (r) => r.id,
      );
      expect(rows).toEqual(migrations.map((m) => m.id));
      for (const s of stores) await s.close();
    });

    it('keeps the indexed columns equal to the document and plans queue queries on an index', async () => {
      const schema = uniqueSchema('idx');
      schemas.push(schema);
      const store = createPostgresStore({ connectionString: url!, schema, max: 2 });
      await store.open();
      await store.insert(makeTicket({ id: 'c1', status: 'new', group: 'tech', priority: 'P1', assignee: null }));
      await store.update(
        makeTicket({ id: 'c1', version: 2, status: 'open', group: 'vip', priority: 'P0', assignee: 'a7' }),
        1,
      );
      const row = (
        await store.pool.query(
          `SELECT status, "group", priority, assignee, version, doc->>'status' AS doc_status FROM "${schema}".tickets`,
        )
      ).rows[0];
      expect(row).toEqual({
        status: 'open',
        group: 'vip',
        priority: 'P0',
        assignee: 'a7',
        version: 2,
        doc_status: 'open',
      });
      const client = await store.pool.connect();
      try {
        await client.query('SET enable_seqscan = off');
        const plan = (
          await client.query(
            `EXPLAIN SELECT doc FROM "${schema}".tickets WHERE status = ANY('{open}') AND "group" = ANY('{vip}') ORDER BY created_at DESC, id DESC LIMIT 51`,
          )
        ).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan).toMatch(/Index/);
      } finally {
        client.release();
      }
      await store.close();
    });

    it('says which database it could not reach, without the password', async () => {
      const store = createPostgresStore({
        connectionString: 'postgres://u:secret@127.0.0.1:1/none',
        schema: uniqueSchema('x'),
      });
      const err = await store.open().then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(err?.code).toBe('SWB_STORE_DATABASE');
      expect(err?.message).toContain('127.0.0.1:1');
      expect(err?.message).not.toContain('secret');
      await store.close();
    });

    it('fails only the write that breaks a constraint, not the others that shared its statement', async () => {
      const schema = uniqueSchema('rowfault');
      schemas.push(schema);
      const store = createPostgresStore({ connectionString: url!, schema, max: 2 });
      await store.open();
      await store.pool.query(
        `ALTER TABLE "${schema}".tickets ADD CONSTRAINT no_test_subject CHECK (doc->>'subject' <> 'reject me')`,
      );
      await store.insert(makeTicket({ id: 'first' })); // in flight while the burst queues up behind it
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.insert(makeTicket({ id: `r${i}`, subject: i === 7 ? 'reject me' : `fine ${i}` })),
        ),
      );
      const failed = results.flatMap((r, i) =>
        r.status === 'rejected' ? [{ i, code: (r.reason as { code?: string }).code }] : [],
      );
      expect(failed).toEqual([{ i: 7, code: 'SWB_STORE_DATABASE' }]);
      expect((await store.list({ limit: 100 })).items).toHaveLength(20);
      await store.close();
    });

    it('refuses a schema name that is not a plain identifier', () => {
      expect(() => createPostgresStore({ pool: new pg.Pool(), schema: 'x"; drop table y; --' })).toThrow(/schema name/);
    });
  });
});
