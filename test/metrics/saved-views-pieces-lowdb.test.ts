import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { readViewsFile, writeViewsFile } from '../../src/store/lowdb/views-file.ts';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import type { Logger } from '../../src/telemetry/logger.ts';
import { tempDir } from '../helpers/server.ts';
import { figures, rebuilt } from './saved-views-figures.ts';
import { buildFixtureData } from './fixture-data.ts';
import { monthStart } from './fixture-month.ts';

const DAY = 86_400_000;
const pieceChars = 2000;

async function start(dataDir: string, policyFile: string) {
  const clock = createManualClock(new Date(monthStart + 40 * DAY));
  const lines: { level: string; msg: string }[] = [];
  const logger: Logger = {
    info: (msg) => void lines.push({ level: 'info', msg }),
    warn: (msg) => void lines.push({ level: 'warn', msg }),
    error: (msg) => void lines.push({ level: 'error', msg }),
  };
  const store = createLowdbStore({ dir: dataDir, clock, snapshotEveryMs: 0, viewsPieceChars: pieceChars });
  const sb = await createSwitchboard({ policy: { path: policyFile }, store, clock, logger });
  const warning = () => lines.find((l) => l.level === 'warn' && l.msg.includes('views'))?.msg;
  const loaded = () => lines.some((l) => l.msg.includes('views loaded and brought up to date'));
  return { sb, warning, loaded };
}

/** The metrics head's part lines in the saved file (after the views head and the metrics head). */
const partLines = (lines: string[]) => {
  const head = JSON.parse(lines[1]!) as { parts: number };
  return lines.slice(2, 2 + head.parts);
};

describe('lowdb saved views in many pieces', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  let data: Awaited<ReturnType<typeof buildFixtureData>>;
  const path = () => join(data.dataDir, 'views.ndjson');
  beforeAll(async () => {
    dir = await tempDir('swb-views-pieces-');
    data = await buildFixtureData(dir.dir);
    // a start that saves the views with a small bound on close (a change makes the close snapshot)
    const first = await start(data.dataDir, data.policyFile);
    await first.sb.tickets.reply(data.script[3]!.id!, { author: { type: 'agent', id: 'ann' }, body: 'Checking.' });
    await first.sb.close();
  });
  afterAll(() => dir.remove());

  it('are written as many lines within the bound, and a restart loads them into what a rebuild gives', async () => {
    const read = await readViewsFile(data.dataDir);
    if (typeof read === 'string') throw new Error(read);
    const parts = partLines(read.lines);
    expect(parts.length).toBeGreaterThan(100);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(pieceChars);
    const run = await start(data.dataDir, data.policyFile);
    try {
      expect(run.warning()).toBeUndefined();
      expect(run.loaded()).toBe(true);
      const expected = await rebuilt(run.sb);
      expect(expected.figures.size).toBe(data.script.length);
      expect(figures(run.sb.metrics)).toEqual(expected.figures);
    } finally {
      await run.sb.close();
    }
  });

  it('a missing piece (the file rewritten without it) is a rebuild with the reason', async () => {
    const read = await readViewsFile(data.dataDir);
    if (typeof read === 'string') throw new Error(read);
    const kept = await readFile(path());
    const at = 2 + partLines(read.lines).findIndex((l) => l.startsWith('cells\t"channel,priority"'));
    await writeViewsFile(data.dataDir, [...read.lines.slice(0, at), ...read.lines.slice(at + 1)], {
      ...read.trailer,
      hotLagging: read.trailer.hotLagging ?? [],
    });
    const run = await start(data.dataDir, data.policyFile);
    try {
      expect(run.warning()).toMatch(
        /rebuilding from every ticket, since part \d+ of the saved metrics head is not a part line/,
      );
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
      await writeFile(path(), kept);
    }
  });

  it('a damaged piece fails its checksum: a rebuild with the reason', async () => {
    const kept = await readFile(path());
    const text = kept.toString('utf8');
    const at = text.indexOf('cells\t"group,agent"\t') + 30;
    await writeFile(path(), `${text.slice(0, at)}${text[at] === '1' ? '2' : '1'}${text.slice(at + 1)}`);
    const run = await start(data.dataDir, data.policyFile);
    try {
      expect(run.warning()).toMatch(
        /rebuilding from every ticket, since .*views\.ndjson: lines 1 to \d+ fail their checksum/,
      );
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
      await writeFile(path(), kept);
    }
  });

  it('metrics saved in the older one-line format are rebuilt with a warning that says so', async () => {
    const read = await readViewsFile(data.dataDir);
    if (typeof read === 'string') throw new Error(read);
    const older = [...read.lines];
    older[1] = JSON.stringify({ ...JSON.parse(older[1]!), format: 2 });
    await writeViewsFile(data.dataDir, older, { ...read.trailer, hotLagging: read.trailer.hotLagging ?? [] });
    const run = await start(data.dataDir, data.policyFile);
    try {
      expect(run.warning()).toMatch(
        /rebuilding from every ticket, since the saved metrics are format 2, this version reads format 3/,
      );
      expect(figures(run.sb.metrics)).toEqual((await rebuilt(run.sb)).figures);
    } finally {
      await run.sb.close();
    }
  });
});
