import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { run } from '../../src/cli/main.ts';
import { callbackReason } from '../../src/core/csat/callback.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { generateHistory } from '../helpers/history.ts';
import { basePresetDir } from '../helpers/base-policy.ts';
import { tempDir } from '../helpers/server.ts';

const capture = () => {
  const lines: string[] = [];
  return { lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) } };
};

describe('switchboard import', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  const history = [...generateHistory(300, 11)];
  beforeAll(async () => {
    tmp = await tempDir('swb-import-');
    const rich = {
      id: 'R1',
      channel: 'chat',
      subject: '支付失败',
      customer: { id: 'C9', tier: 'vip' },
      createdAt: '2026-09-01T02:00:00Z',
      firstResponseAt: '2026-09-01T02:05:00Z',
      resolvedAt: '2026-09-01T03:00:00Z',
      status: 'resolved',
      csat: { score: 2, comment: 'too slow' },
      replies: [{ id: 'x1', author: { type: 'agent', id: 'he' }, body: 'hi', at: '2026-09-01T02:05:00Z' }],
      history: [
        { at: '2026-09-01T02:00:00Z', actor: 'c', type: 'created' },
        { at: '2026-09-01T02:05:00Z', actor: 'he', type: 'reply', changes: { status: ['new', 'open'] } },
        { at: '2026-09-01T03:00:00Z', actor: 'he', type: 'status', changes: { status: ['open', 'resolved'] } },
      ],
    };
    const lines = [
      ...history.map((t) => JSON.stringify(t)),
      JSON.stringify(rich),
      '{"id":"B1","channel":"fax","subject":"x","customer":{"id":"c"},"createdAt":"2026-09-02T00:00:00Z"}',
      '{oops',
      JSON.stringify({ ...history[0], id: 'B2', csat: 9 }),
      JSON.stringify({ ...history[0], id: 'B3', resolvedAt: '2020-01-01T00:00:00Z' }),
    ];
    await writeFile(join(tmp.dir, 'history.jsonl'), `${lines.join('\n')}\n`);
  });
  afterAll(() => tmp?.remove());

  it('inserts with original times, reports invalid lines by number, and a second run inserts nothing', async () => {
    const first = capture();
    const code = await run(
      ['import', '--data', join(tmp.dir, 'data'), '--tickets', join(tmp.dir, 'history.jsonl'), '--json'],
      first.io,
    );
    expect(code).toBe(1);
    const r = JSON.parse(first.lines[0]!);
    expect(r.inserted).toBe(301);
    expect(r.skipped).toBe(0);
    expect(r.invalid.map((x: { line: number }) => x.line)).toEqual([302, 303, 304, 305]);
    expect(r.invalid[0].message).toContain('channel "fax" is not in the policy');
    expect(r.invalid[2].message).toContain('"csat" must be a whole number 1-5');
    expect(r.invalid[3].message).toContain('is before "createdAt"');

    const second = capture();
    await run(
      ['import', '--data', join(tmp.dir, 'data'), '--tickets', join(tmp.dir, 'history.jsonl'), '--json'],
      second.io,
    );
    expect(JSON.parse(second.lines[0]!)).toMatchObject({ inserted: 0, skipped: 301 });
  });

  it('null means absent, and many invalid lines print the first 20 and a count per reason', async () => {
    // an export writes null for what a ticket does not have (an open ticket's resolvedAt)
    const exported = history.slice(0, 40).map((t, i) =>
      JSON.stringify({
        ...t,
        id: `N${i}`,
        resolvedAt: null,
        closedAt: null,
        firstResponseAt: i % 2 ? null : t.firstResponseAt,
        csat: null,
        customer: { ...t.customer, tier: null },
      }),
    );
    const bad = [
      ...Array.from({ length: 25 }, (_, i) => JSON.stringify({ ...history[0], id: `F${i}`, channel: `fax${i}` })),
      ...Array.from({ length: 5 }, (_, i) =>
        JSON.stringify({ ...history[0], id: `T${i}`, createdAt: '2026/11/30 09:00' }),
      ),
    ];
    const file = join(tmp.dir, 'export.jsonl');
    await writeFile(file, `${[...exported, ...bad].join('\n')}\n`);
    const out = capture();
    expect(await run(['import', '--data', join(tmp.dir, 'nulls-data'), '--tickets', file], out.io)).toBe(1);
    expect(out.lines[0]).toBe('40 inserted, 0 skipped (already stored), 30 invalid');
    expect(out.lines.filter((l) => l.startsWith('  invalid: '))).toHaveLength(20);
    expect(out.lines).toContain('  ... and 10 more invalid lines; every invalid line by reason:');
    expect(out.lines.some((l) => l.startsWith('  25 × channel "…" is not in the policy; use one of phone, chat'))).toBe(
      true,
    );
    expect(out.lines.some((l) => /^ {2}5 × "createdAt" must be an ISO-8601 time, got …$/.test(l))).toBe(true);

    const store = createLowdbStore({ dir: join(tmp.dir, 'nulls-data') });
    await store.open();
    const open = await store.get('N1');
    expect(open?.resolvedAt).toBeUndefined();
    expect(open?.firstResponseAt).toBeUndefined();
    expect(open?.csat).toBeUndefined();
    await store.close();
  });

  it('imported tickets carry decisions and feed the metrics: FRT and CSAT equal a direct computation from the file', async () => {
    const sb = await createSwitchboard({
      config: basePresetDir,
      store: createLowdbStore({ dir: join(tmp.dir, 'data') }),
      clock: createManualClock('2026-11-01T00:00:00Z'),
      logger: silentLogger,
    });
    try {
      const t = await sb.tickets.get(history[0]!.id);
      expect(t.createdAt).toBe(history[0]!.createdAt);
      expect(t.decisions.policyVersion).toBe(sb.policy.current().version);
      expect(t.group).not.toBe('');
      const rich = await sb.tickets.get('R1');
      expect(rich.status).toBe('resolved');
      expect(rich.csat).toMatchObject({ score: 2, comment: 'too slow' });
      expect(rich.replies).toHaveLength(1);

      const m = sb.metrics.query({ from: '2026-09-01', to: '2026-09-30' });
      const all = [
        ...history,
        {
          createdAt: '2026-09-01T02:00:00Z',
          firstResponseAt: '2026-09-01T02:05:00Z',
          resolvedAt: '2026-09-01T03:00:00Z',
          csat: 2,
        },
      ];
      const responded = all.filter((h) => h.firstResponseAt);
      const frt = Math.round(
        responded.reduce((n, h) => n + Date.parse(h.firstResponseAt!) - Date.parse(h.createdAt), 0) / responded.length,
      );
      expect(m.totals.tickets).toBe(301);
      expect(m.totals.frt.avgMs).toBe(frt);
      expect(m.totals.frt.avgBusinessMs).toBe(frt); // the base preset is 24x7
      const rated = all.filter((h) => h.csat !== undefined);
      expect(m.totals.csat.count).toBe(rated.length);
      expect(m.totals.csat.satisfied).toBe(rated.filter((h) => h.csat! >= 4).length);
      expect(m.totals.fcr).toMatchObject({ known: 1, resolvedFirstContact: 1 });
      const open = all.filter((h) => !h.resolvedAt).length;
      expect(m.totals.backlog).toBe(open);
    } finally {
      await sb.close();
    }
  });

  it('the exported tracking CSV imports back (tracking-table headings are understood)', async () => {
    const csv = [
      '\uFEFFticket number,customer id,channel,category,created at,first response at,first responder,resolved at,resolver,satisfaction,notes',
      '20260901001,C1,phone,fault/payment-failed,2026-09-01T01:00:00.000Z,2026-09-01T01:03:00.000Z,wang,2026-09-01T02:00:00.000Z,wang,5,"called back, fixed"',
      '20260901002,C2,email,,2026-09-01T01:10:00.000Z,,,,,,',
    ].join('\r\n');
    await writeFile(join(tmp.dir, 'tracking.csv'), csv);
    const out = capture();
    expect(
      await run(['import', '--data', join(tmp.dir, 'csv-data'), '--tickets', join(tmp.dir, 'tracking.csv')], out.io),
    ).toBe(0);
    expect(out.lines[0]).toBe('2 inserted, 0 skipped (already stored), 0 invalid');
    const sb = await createSwitchboard({
      config: basePresetDir,
      store: createLowdbStore({ dir: join(tmp.dir, 'csv-data') }),
      logger: silentLogger,
    });
    try {
      const t = await sb.tickets.get('20260901001');
      expect(t).toMatchObject({
        firstResponder: 'wang',
        resolver: 'wang',
        category: 'fault/payment-failed',
        csat: { score: 5 },
        fields: { notes: 'called back, fixed' },
        status: 'resolved',
      });
      expect((await sb.tickets.get('20260901002')).status).toBe('new');
    } finally {
      await sb.close();
    }
    expect((await readFile(join(tmp.dir, 'tracking.csv'), 'utf8')).length).toBeGreaterThan(0);
  });
});

describe('call-back rule', () => {
  it('low scores and "too slow" comments in Chinese or English need a call-back; polite phrases do not', () => {
    expect(callbackReason(2, undefined)).toBe('rated 2/5');
    expect(callbackReason(4, '回复太慢了')).toContain('太慢');
    expect(callbackReason(3, 'It took too long to hear back')).toContain('too long');
    expect(callbackReason(5, 'Slow start but great')).toContain('slow');
    expect(callbackReason(4, '谢谢,您慢走')).toBeUndefined();
    expect(callbackReason(3, 'fine')).toBeUndefined();
  });
});
