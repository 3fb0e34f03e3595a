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

describe.skipIf(!url)('metrics and task views saved in PostgreSQL', () => {
  const schema = uniqueSchema('views');
  let dir: { dir: string; remove: () => Promise<void> };
  let policyFile: string;
  beforeAll(async () => {
    dir = await tempDir('swb-pg-views-');
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
    const store = createPostgresStore({ connectionString: url!, schema, saveViewsEveryMs: 0 });
    const sb = await createSwitchboard({ policy: { path: policyFile }, store, clock, logger });
    const viewLines = () => lines.filter((l) => l.msg.includes('views'));
    return { sb, clock, store: store as PostgresStore, viewLines };
  }

  it('a start loads the saved rows, applies the tickets changed since, and equals a full rebuild', async () => {
    const first = await start(monthStart);
    expect(first.viewLines().map((l) => l.msg)).toContainEqual(
      expect.stringMatching(/rebuilding from every ticket, since .*saved_views holds no saved views/),
    );
    const script = scriptMonth(120, 11);
    await playMonth(first.sb.tickets, first.clock, script);
    await first.sb.close(); // saves the views

    // a second process changes tickets and adds some, then dies before saving again
    const second = await start(monthStart + 31 * DAY);
    expect(second.viewLines().map((l) => l.msg)).toContainEqual(expect.stringMatching(/loaded and brought up to date/));
    for (const s of script.slice(0, 8)) {
      await second.sb.tickets.reply(s.id!, { author: { type: 'agent', id: 'cai' }, body: 'Following up.' });
      await second.sb.tickets.rate(s.id!, 1).catch(() => undefined);
    }
    await playMonth(
      second.sb.tickets,
      second.clock,
      scriptMonth(15, 5).map((s) => ({
        ...s,
        createdAt: s.createdAt + 31 * DAY,
        steps: s.steps.map((st) => ({ ...st, at: st.at + 31 * DAY })),
      })),
    );
    const t = second.store.names.savedViews;
    await second.store.pool.query(`CREATE TABLE ${t}_before AS SELECT * FROM ${t}`);
    await second.sb.close();
    const restore = await createPostgresStore({ connectionString: url!, schema });
    await restore.pool.query(`DELETE FROM ${t}; INSERT INTO ${t} SELECT * FROM ${t}_before; DROP TABLE ${t}_before`);
    await restore.close();

    const third = await start(monthStart + 60 * DAY);
    try {
      expect(third.viewLines().filter((l) => l.level === 'warn')).toEqual([]);
      expect(third.viewLines().map((l) => l.msg)).toContainEqual(
        expect.stringMatching(/loaded and brought up to date/),
      );
      const expected = await rebuilt(third.sb);
      expect(expected.figures.size).toBe(135);
      expect(figures(third.sb.metrics)).toEqual(expected.figures);
      expect(third.sb.tasks.list({ limit: Infinity, states: ['open', 'due', 'done', 'cancelled'] })).toEqual(
        expected.tasks,
      );
    } finally {
      await third.sb.close();
    }
  });

  it('rows changed by hand fail the checksum: a warning and a full rebuild', async () => {
    const store = createPostgresStore({ connectionString: url!, schema });
    await store.open();
    await store.pool.query(`UPDATE ${store.names.savedViews} SET body = body || ' ' WHERE part = 1`);
    await store.close();
    const run = await start(monthStart + 60 * DAY);
    try {
      expect(run.viewLines().find((l) => l.level === 'warn')?.msg).toMatch(
        /rebuilding from every ticket, since .*saved_views fails its checksum/,
      );
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
    }
  });
});
