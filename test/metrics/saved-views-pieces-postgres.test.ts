import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index.ts';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import type { Logger } from '../../src/telemetry/logger.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/server.ts';
import { figures, rebuilt } from './saved-views-figures.ts';
import { fixturePolicyText } from './fixture-policy.ts';
import { monthStart, playMonth, scriptMonth } from './fixture-month.ts';

const url = postgresUrl();
const DAY = 86_400_000;
const partChars = 3000;

describe.skipIf(!url)('PostgreSQL saved views in many rows', () => {
  const schema = uniqueSchema('views_parts');
  let dir: { dir: string; remove: () => Promise<void> };
  let policyFile: string;
  beforeAll(async () => {
    dir = await tempDir('swb-pg-views-parts-');
    policyFile = join(dir.dir, 'policy.yaml');
    await writeFile(policyFile, fixturePolicyText);
  });
  afterAll(async () => {
    await dropSchema(url!, schema);
    await dir.remove();
  });

  async function start(at: number) {
    const clock = createManualClock(new Date(at));
    const lines: { level: string; msg: string }[] = [];
    const logger: Logger = {
      info: (msg) => void lines.push({ level: 'info', msg }),
      warn: (msg) => void lines.push({ level: 'warn', msg }),
      error: (msg) => void lines.push({ level: 'error', msg }),
    };
    const store = createPostgresStore({
      connectionString: url!,
      schema,
      clock,
      saveViewsEveryMs: 60_000,
      viewsPartChars: partChars,
    });
    const sb = await createSwitchboard({ policy: { path: policyFile }, store, clock, logger });
    const warning = () => lines.find((l) => l.level === 'warn' && l.msg.includes('views'))?.msg;
    const loaded = () => lines.some((l) => l.msg.includes('views loaded and brought up to date'));
    return { sb, clock, store: store as PostgresStore, warning, loaded };
  }
  const rows = async (store: PostgresStore) =>
    (
      await store.pool.query<{ part: number; body: string }>(
        `SELECT part, body FROM ${store.names.savedViews} ORDER BY part`,
      )
    ).rows;

  it('the views saved on the clock as many rows within the bound load back into what a rebuild gives', async () => {
    const first = await start(monthStart);
    const script = scriptMonth(80, 7);
    await playMonth(first.sb.tickets, first.clock, script);
    await first.clock.advance(60_000); // the timed save, on the injected clock
    const saved = await rows(first.store);
    const head = JSON.parse(saved[0]!.body) as { parts: number; savedAt: string };
    expect(head.savedAt).toBe(first.clock.now().toISOString());
    expect(saved.length).toBe(head.parts + 1);
    expect(saved.length).toBeGreaterThan(50);
    for (const r of saved) expect(r.body.length).toBeLessThanOrEqual(partChars);
    await first.sb.close();

    const second = await start(monthStart + 40 * DAY);
    try {
      expect(second.warning()).toBeUndefined();
      expect(second.loaded()).toBe(true);
      const expected = await rebuilt(second.sb);
      expect(expected.figures.size).toBe(80);
      expect(figures(second.sb.metrics)).toEqual(expected.figures);
    } finally {
      await second.sb.close();
    }
  });

  it('a missing row is a rebuild with the reason', async () => {
    const store = createPostgresStore({ connectionString: url!, schema });
    await store.open();
    await store.pool.query(`DELETE FROM ${store.names.savedViews} WHERE part = 7`);
    await store.close();
    const run = await start(monthStart + 40 * DAY);
    try {
      expect(run.warning()).toMatch(
        /rebuilding from every ticket, since .*saved_views fails its checksum \(parts missing/,
      );
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
    }
  });

  it('views saved in the older format are rebuilt with a warning that says so', async () => {
    const store = createPostgresStore({ connectionString: url!, schema });
    await store.open();
    await store.pool.query(
      `UPDATE ${store.names.savedViews} SET body = jsonb_set(body::jsonb, '{format}', '1')::text WHERE part = 0`,
    );
    await store.close();
    const run = await start(monthStart + 40 * DAY);
    try {
      expect(run.warning()).toMatch(/saved_views holds format 1, this version reads format 2/);
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
    }
  });
});
