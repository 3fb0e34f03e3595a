import { afterEach, describe, expect, it } from 'vitest';
import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import type { Logger } from '../../src/telemetry/logger.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { slaPolicyYaml } from '../sla/sla-policy.ts';

const url = postgresUrl();
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

describe.skipIf(!url)('intake idempotency keys on PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  /** Two runtime processes with their own pools on one schema. */
  async function twoProcesses(): Promise<{ a: Switchboard; b: Switchboard; store: PostgresStore; schema: string }> {
    const schema = uniqueSchema('intakekey');
    cleanups.push(() => dropSchema(url!, schema));
    const clock = createManualClock('2026-01-05T08:00:00Z');
    const open = async () => {
      const store = createPostgresStore({ connectionString: url!, schema, max: 4 });
      const sb = await createSwitchboard({
        sources: [{ file: 'policy.yaml', text: slaPolicyYaml }],
        store,
        clock,
        logger: quiet,
        qaTickMs: 0,
      });
      cleanups.push(async () => {
        await sb.close();
        await store.close();
      });
      return { sb, store };
    };
    const first = await open();
    const second = await open();
    return { a: first.sb, b: second.sb, store: first.store, schema };
  }

  it('gives one ticket for two concurrent creates with the same idempotencyKey in two processes', async () => {
    const { a, b, store, schema } = await twoProcesses();
    const keys = Array.from({ length: 20 }, (_, i) => `mail-${i}@example.com`);
    const results = await Promise.all(
      keys.flatMap((key, i) => [
        a.tickets.create({ channel: 'email', subject: `S${i}`, customer: { id: `C${i}` } }, { idempotencyKey: key }),
        b.tickets.create({ channel: 'email', subject: `S${i}`, customer: { id: `C${i}` } }, { idempotencyKey: key }),
      ]),
    );
    for (let i = 0; i < keys.length; i++) {
      expect(results[2 * i]!.ticket.id).toBe(results[2 * i + 1]!.ticket.id);
    }
    const rows = await store.pool.query(`SELECT count(*)::int AS n FROM "${schema}".tickets`);
    expect(rows.rows[0].n).toBe(keys.length);
    // a later create with a known key returns the ticket made then
    const again = await b.tickets.create(
      { channel: 'email', subject: 'S0', customer: { id: 'C0' } },
      { idempotencyKey: keys[0]! },
    );
    expect(again.ticket.id).toBe(results[0]!.ticket.id);
  });

  it('stores the key in the ticket insert itself: no ticket without its key, no key without its ticket', async () => {
    const { a, store, schema } = await twoProcesses();
    const { ticket } = await a.tickets.create(
      { channel: 'email', subject: 'once', customer: { id: 'C1' } },
      { idempotencyKey: 'k-1' },
    );
    expect(await store.getMeta('intake:k-1')).toBe(ticket.id);
    // a key already held refuses the second insert whole: its ticket row is not written
    const { ticket: other } = await a.tickets.create({ channel: 'email', subject: 'other', customer: { id: 'C2' } });
    await expect(store.insert({ ...other, id: 't-intruder' }, { claim: 'intake:k-1' })).rejects.toMatchObject({
      code: 'SWB_STORE_DUPLICATE',
      details: { claim: 'intake:k-1' },
    });
    const rows = await store.pool.query(`SELECT id FROM "${schema}".tickets WHERE id = 't-intruder'`);
    expect(rows.rows).toEqual([]);
    expect(await store.getMeta('intake:k-1')).toBe(ticket.id);
  });
});

describe('intake idempotency keys in one process (memory store)', () => {
  it('gives one ticket for concurrent creates with the same key', async () => {
    const { createMemoryStore } = await import('../../src/store/index.ts');
    const store = createMemoryStore();
    const sb = await createSwitchboard({
      sources: [{ file: 'policy.yaml', text: slaPolicyYaml }],
      store,
      clock: createManualClock('2026-01-05T08:00:00Z'),
      logger: quiet,
      qaTickMs: 0,
    });
    try {
      const made = await Promise.all(
        [1, 2, 3].map(() =>
          sb.tickets.create({ channel: 'email', subject: 'S', customer: { id: 'C' } }, { idempotencyKey: 'same' }),
        ),
      );
      expect(new Set(made.map((m) => m.ticket.id)).size).toBe(1);
      expect((await sb.tickets.list()).items).toHaveLength(1);
    } finally {
      await sb.close();
    }
  });
});
