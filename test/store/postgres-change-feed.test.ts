import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/postgres/index.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const url = postgresUrl();

describe.skipIf(!url)('PostgreSQL change feed (a joining process catches up with it)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('pages through every ticket written since the mark, each once, the latest version, and none written long before', async () => {
    const schema = uniqueSchema('feed');
    cleanups.push(() => dropSchema(url!, schema));
    const store = createPostgresStore({ connectionString: url!, schema });
    await store.open();
    cleanups.push(() => store.close());

    // written long before: moved back an hour, out of reach of the mark
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.insert(makeTicket({ id: `old${i}` }))));
    await store.pool.query(`UPDATE ${store.names.tickets} SET updated_at = now() - interval '1 hour'`);
    const mark = await store.cluster.changes.mark();
    // many in one statement share one updated_at (one transaction): pages must still move on
    await Promise.all(
      Array.from({ length: 1_203 }, (_, i) => store.insert(makeTicket({ id: `new${String(i).padStart(4, '0')}` }))),
    );
    const first = makeTicket({ id: 'new0000' });
    await store.update({ ...first, version: first.version + 1, subject: 'changed' }, first.version);

    const pages: string[][] = [];
    for await (const page of store.cluster.changes.since(mark, 500)) pages.push(page.map((t) => t.id));
    expect(pages.map((p) => p.length)).toEqual([500, 500, 203]);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(1_203);
    expect(ids.some((id) => id.startsWith('old'))).toBe(false);
    const changed: string[] = [];
    for await (const page of store.cluster.changes.since(mark))
      for (const t of page) if (t.id === 'new0000') changed.push(t.subject);
    expect(changed).toEqual(['changed']);
  });
});
