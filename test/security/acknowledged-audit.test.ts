import { afterEach, describe, expect, it } from 'vitest';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, tempDir } from '../helpers/server.ts';
import { spawnServer, stopServer, type SpawnedServer } from '../helpers/spawn-server.ts';

/** Creates tickets with 16 requests in flight until stopped; keeps the id of every 201. */
function fireCreates(url: string, acked: Set<string>, stopped: () => boolean): Promise<void> {
  let n = 0;
  const worker = async () => {
    while (!stopped()) {
      const i = n++;
      try {
        const res = await api(url, 'POST', '/api/tickets', {
          channel: 'email',
          subject: `Refund for order ${i}`,
          customer: { id: `C${i}` },
        });
        if (res.status === 201) acked.add(res.body.id);
      } catch {
        // the connection died with the server: not acknowledged, so not promised
      }
    }
  };
  return Promise.all(Array.from({ length: 16 }, worker)).then(() => undefined);
}

async function auditedCreates(url: string): Promise<{ ids: Set<string>; statuses: number[] }> {
  const ids = new Set<string>();
  const statuses: number[] = [];
  let since: string | undefined;
  for (;;) {
    const page = await api(url, 'GET', `/api/audit?limit=1000${since ? `&since=${encodeURIComponent(since)}` : ''}`);
    statuses.push(page.status);
    if (page.status !== 200) return { ids, statuses };
    for (const e of page.body.items) if (e.operation === 'createTicket') ids.add(e.ticketId);
    if (!page.body.next || page.body.next === since) return { ids, statuses };
    since = page.body.next;
  }
}

describe('the audit log under kill -9', () => {
  const children: SpawnedServer[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await stopServer(c, 'SIGKILL');
    while (cleanups.length) await cleanups.pop()!();
  });

  it('has an entry for every create it acknowledged, and reads past a torn last line', async () => {
    const { dir, remove } = await tempDir('swb-audit-crash-');
    cleanups.push(remove);
    const acked = new Set<string>();
    for (let life = 0; life < 2; life++) {
      const child = await spawnServer(['--data', dir]);
      children.push(child);
      let stop = false;
      const before = acked.size;
      const firing = fireCreates(child.url, acked, () => stop);
      while (acked.size === before) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      await stopServer(child, 'SIGKILL');
      stop = true;
      await firing;
    }
    // and a half-written last line, as a crash in the middle of an append leaves
    await appendFile(join(dir, 'audit.ndjson'), '{"at":"2026-01-01T00:00:00.000Z","actor":{"tok');
    const last = await spawnServer(['--data', dir]);
    children.push(last);
    const audited = await auditedCreates(last.url);
    expect(audited.statuses.every((s) => s === 200)).toBe(true);
    const missing = [...acked].filter((id) => !audited.ids.has(id));
    expect(missing, `${acked.size} creates acknowledged`).toEqual([]);
    expect(acked.size).toBeGreaterThan(10);
    expect(last.stderr()).toMatch(/audit log .*audit\.ndjson line \d+ \(byte \d+\): a torn last line/);
  }, 120_000);
});
