import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { run } from '../../src/cli/main.ts';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import type { Logger } from '../../src/telemetry/logger.ts';
import { tempDir } from '../helpers/server.ts';
import { figures, rebuilt } from './saved-views-figures.ts';
import { buildFixtureData } from './fixture-data.ts';
import { monthStart, playMonth, scriptMonth } from './fixture-month.ts';

const DAY = 86_400_000;

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const logger: Logger = {
    info: (msg) => void lines.push({ level: 'info', msg }),
    warn: (msg) => void lines.push({ level: 'warn', msg }),
    error: (msg) => void lines.push({ level: 'error', msg }),
  };
  return { logger, lines };
}

async function start(dataDir: string, policyFile: string, at: number) {
  const clock = createManualClock(new Date(at));
  const { logger, lines } = recordingLogger();
  const sb = await createSwitchboard({
    policy: { path: policyFile },
    // no snapshot on close and none by time: what this process changes stays in the journal only
    store: createLowdbStore({ dir: dataDir, clock, snapshotOnClose: false, snapshotEveryMs: 0 }),
    clock,
    logger,
  });
  return { sb, clock, lines };
}

describe('metrics and task views saved beside the lowdb snapshot', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  let data: Awaited<ReturnType<typeof buildFixtureData>>;
  beforeAll(async () => {
    dir = await tempDir('swb-saved-views-');
    data = await buildFixtureData(dir.dir); // a month of tickets, closed with a snapshot
  });
  afterAll(() => dir.remove());

  it('a start loads the saved views, applies the tickets changed since, and equals a full rebuild', async () => {
    expect((await stat(join(data.dataDir, 'views.ndjson'))).size).toBeGreaterThan(0);
    // a second process changes tickets after the save and adds new ones; its changes stay in the journal
    const second = await start(data.dataDir, data.policyFile, monthStart + 31 * DAY);
    expect(second.lines.some((l) => l.msg.includes('loaded and brought up to date'))).toBe(true);
    const existing = data.script.slice(0, 12).map((s) => s.id!);
    for (const id of existing.slice(0, 6)) {
      await second.sb.tickets.reply(id, { author: { type: 'agent', id: 'bob' }, body: 'One more thing.' });
      await second.sb.tickets.setStatus(id, 'resolved').catch(() => undefined);
    }
    for (const id of existing.slice(6)) await second.sb.tickets.rate(id, 2, 'slow').catch(() => undefined);
    await playMonth(
      second.sb.tickets,
      second.clock,
      scriptMonth(25, 99).map((s) => ({
        ...s,
        createdAt: s.createdAt + 31 * DAY,
        steps: s.steps.map((st) => ({ ...st, at: st.at + 31 * DAY })),
      })),
    );
    await second.sb.close();

    const third = await start(data.dataDir, data.policyFile, monthStart + 70 * DAY);
    try {
      expect(third.lines.filter((l) => l.level === 'warn' && l.msg.includes('views'))).toEqual([]);
      expect(third.lines.some((l) => l.msg.includes('loaded and brought up to date'))).toBe(true);
      const expected = await rebuilt(third.sb);
      expect(expected.figures.size).toBe(160 + 25);
      expect(figures(third.sb.metrics)).toEqual(expected.figures);
      expect(third.sb.tasks.list({ limit: Infinity, states: ['open', 'due', 'done', 'cancelled'] })).toEqual(
        expected.tasks,
      );
      // and it stays equal as tickets keep changing after the load
      await third.sb.tickets.reply(existing[0]!, { author: { type: 'customer', id: 'c' }, body: 'It broke again' });
      await third.sb.tickets.setStatus(existing[1]!, 'open');
      expect(figures(third.sb.metrics)).toEqual((await rebuilt(third.sb)).figures);
    } finally {
      await third.sb.close();
    }
  });

  it('damaged saved views are detected: a warning, a full rebuild, the same numbers', async () => {
    const path = join(data.dataDir, 'views.ndjson');
    const text = await readFile(path, 'utf8');
    const at = text.indexOf('"tickets":') + 11;
    await writeFile(path, `${text.slice(0, at)}${text[at] === '9' ? '8' : '9'}${text.slice(at + 1)}`);
    const run = await start(data.dataDir, data.policyFile, monthStart + 70 * DAY);
    try {
      const warning = run.lines.find((l) => l.level === 'warn' && l.msg.includes('views'))?.msg ?? '';
      expect(warning).toMatch(
        /rebuilding from every ticket, since .*views\.ndjson: lines 1 to \d+ fail their checksum/,
      );
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
    }
  });

  it('views saved under another policy are rebuilt (a changed policy can change every measure)', async () => {
    // a fresh save under the fixture policy, then a start under a changed one
    const save = await createSwitchboard({
      policy: { path: data.policyFile },
      store: createLowdbStore({ dir: data.dataDir, clock: createManualClock(new Date(monthStart + 70 * DAY)) }),
      clock: createManualClock(new Date(monthStart + 70 * DAY)),
      logger: recordingLogger().logger,
    });
    await save.tickets.reply(data.script[20]!.id!, { author: { type: 'agent', id: 'ann' }, body: 'x' });
    await save.close();
    const changed = join(dir.dir, 'changed.yaml');
    const policy = await readFile(data.policyFile, 'utf8');
    await writeFile(changed, policy.replace('countBotReplies: false', 'countBotReplies: true'));
    const run = await start(data.dataDir, changed, monthStart + 70 * DAY);
    try {
      expect(run.lines.find((l) => l.level === 'warn' && l.msg.includes('views'))?.msg).toMatch(
        /rebuilding from every ticket, since the saved views were made under policy version \w+, the policy now is \w+/,
      );
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
    }
  });

  it('views older than the snapshot (a snapshot written without them) are not used', async () => {
    const store = createLowdbStore({ dir: data.dataDir });
    await store.open();
    const [one] = (await store.list({ limit: 1 })).items;
    await store.update({ ...one!, version: one!.version + 1, tags: [...one!.tags, 'touched'] }, one!.version);
    await store.close(); // a snapshot, and nothing registered views to save with it
    const run = await start(data.dataDir, data.policyFile, monthStart + 70 * DAY);
    try {
      expect(run.lines.find((l) => l.level === 'warn' && l.msg.includes('views'))?.msg).toMatch(
        /the saved views cover journal record \d+, the snapshot \d+ \(saved without them\)/,
      );
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
    }
  });

  it('switchboard report daily reads the saved aggregates and writes the report a full read writes', async () => {
    const clock = createManualClock(new Date(monthStart + 70 * DAY));
    const save = await createSwitchboard({
      policy: { path: data.policyFile },
      store: createLowdbStore({ dir: data.dataDir, clock }),
      clock,
      logger: recordingLogger().logger,
    });
    await save.tickets.reply(data.script[30]!.id!, { author: { type: 'agent', id: 'ann' }, body: 'y' });
    await save.close(); // a snapshot with the views
    const report = async (out: string) => {
      const said: string[] = [];
      const code = await run(
        ['report', 'daily', '--date', '2026-10-14', '--data', data.dataDir, '--config', data.policyFile, '--out', out],
        { out: (l) => said.push(l), err: (l) => said.push(l) },
      );
      expect(code, said.join('\n')).toBe(0);
      return { said, report: JSON.parse(await readFile(join(out, 'daily-2026-10-14.json'), 'utf8')) };
    };
    const fromViews = await report(join(dir.dir, 'from-views'));
    expect(fromViews.said.join('\n')).not.toMatch(/reading every ticket/);
    await rm(join(data.dataDir, 'views.ndjson'));
    const fromTickets = await report(join(dir.dir, 'from-tickets'));
    expect(fromTickets.said.join('\n')).toMatch(/reading every ticket, since .*views\.ndjson does not exist/);
    expect(fromViews.report.day.tickets).toBeGreaterThan(0);
    expect(fromViews.report).toEqual(fromTickets.report);
  });
});
