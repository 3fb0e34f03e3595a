import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import webhook, { sign } from '../../../plugins/webhook/index.ts';
import { createOutbox } from '../../../plugins/webhook/outbox.ts';
import { tempDir, waitFor } from '../../helpers/server.ts';
import { createManualClock } from '../../../src/core/util/clock.ts';
import { makeSwitchboard, policyText, ticket } from '../helpers.ts';

const secret = 'test-secret-0123456789';

/** A receiver on 127.0.0.1 that answers 500 to the first `failFirst` requests. */
async function receiver(failFirst: number) {
  const got: { delivery: string; event: string; signature: string; body: string; status: number }[] = [];
  let seen = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const status = ++seen <= failFirst ? 500 : 200;
      got.push({
        delivery: String(req.headers['x-switchboard-delivery']),
        event: String(req.headers['x-switchboard-event']),
        signature: String(req.headers['x-switchboard-signature']),
        body,
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const declare = (url: string, extra = '') =>
  `plugins:\n  - name: webhook\n    options: { url: "${url}", secret: ${secret}, events: [ticket.created], backoffMs: 1000${extra} }\n`;

describe('webhook plugin', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('retries a failing receiver with backoff on the runtime clock until it accepts, signed with HMAC-SHA256', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const rx = await receiver(2);
    cleanup.push(rx.close);
    const clock = createManualClock('2026-03-02T08:00:00Z');
    const sb = await makeSwitchboard(policyText(declare(rx.url)), { plugins: [webhook], dataDir: tmp.dir, clock });
    const box = createOutbox(join(tmp.dir, 'plugins/webhook'));
    const { ticket: t } = await sb.tickets.create(ticket('hook me'));
    // the first attempt leaves at once; the retry waits backoffMs on the clock, then twice that
    await waitFor(() => box.list()[0]?.attempts === 1, 'the first attempt');
    await clock.advance(999);
    expect(rx.got.map((g) => g.status)).toEqual([500]);
    await clock.advance(1);
    expect(rx.got.map((g) => g.status)).toEqual([500, 500]);
    await clock.advance(1999);
    expect(rx.got).toHaveLength(2);
    await clock.advance(1);
    await sb.close();

    expect(rx.got.map((g) => g.status)).toEqual([500, 500, 200]);
    expect(new Set(rx.got.map((g) => g.delivery)).size).toBe(1); // one delivery id across retries
    for (const g of rx.got) expect(g.signature).toBe(sign(secret, g.body));
    const body = JSON.parse(rx.got[2]!.body);
    expect(body).toMatchObject({
      type: 'ticket.created',
      seq: expect.any(Number),
      ticket: { id: t.id, subject: 'hook me' },
    });
    expect(rx.got[2]!.event).toBe('ticket.created');
    expect(createOutbox(join(tmp.dir, 'plugins/webhook')).list()).toEqual([]);
  });

  it("delivers a channel's public replies (deliver: [web]): reply.deliver to the URL, then sent, or failed after the last attempt", async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const rx = await receiver(0);
    cleanup.push(rx.close);
    const sb = await makeSwitchboard(policyText(declare(rx.url, ', deliver: [web]')), {
      plugins: [webhook],
      dataDir: tmp.dir,
    });
    const sent: string[] = [];
    sb.events.subscribe('reply.sent', (e) => void sent.push(e.reply.id));
    const { ticket: t } = await sb.tickets.create(ticket('where is my parcel'));
    const replied = await sb.tickets.reply(t.id, { author: { type: 'agent', id: 'ann' }, body: 'It left today.' });
    const reply = replied.replies.at(-1)!;
    expect(reply).toMatchObject({ delivery: 'queued', deliveredBy: 'webhook' });
    await waitFor(() => sent.includes(reply.id), 'reply.sent');
    const got = rx.got.find((g) => g.event === 'reply.deliver')!;
    expect(got.signature).toBe(sign(secret, got.body));
    expect(JSON.parse(got.body)).toMatchObject({
      type: 'reply.deliver',
      ticket: { id: t.id },
      reply: { id: reply.id, body: 'It left today.' },
    });
    expect((await sb.tickets.get(t.id)).replies.at(-1)).toMatchObject({ id: reply.id, delivery: 'sent' });
    expect(createOutbox(join(tmp.dir, 'plugins/webhook')).list()).toEqual([]);
    await sb.close();

    // a receiver that keeps refusing: the reply ends failed, with the reason
    const tmp2 = await tempDir();
    cleanup.push(tmp2.remove);
    const down = await receiver(1000);
    cleanup.push(down.close);
    const clock2 = createManualClock('2026-03-02T08:00:00Z');
    const sb2 = await makeSwitchboard(policyText(declare(down.url, ', deliver: [web], maxAttempts: 2')), {
      plugins: [webhook],
      dataDir: tmp2.dir,
      clock: clock2,
    });
    const failed: string[] = [];
    sb2.events.subscribe('reply.failed', (e) => void failed.push(e.reply.id));
    const { ticket: t2 } = await sb2.tickets.create(ticket('refund?'));
    const r2 = (await sb2.tickets.reply(t2.id, { author: { type: 'agent', id: 'ann' }, body: 'Done.' })).replies.at(
      -1,
    )!;
    // the failed attempt is on file (and its retry on the clock) once the outbox entry counts it
    const box2 = createOutbox(join(tmp2.dir, 'plugins/webhook'));
    await waitFor(() => box2.list().some((e) => e.event === 'reply.deliver' && e.attempts === 1), 'the first attempt');
    expect(failed).toEqual([]);
    await clock2.advance(1000);
    await waitFor(() => failed.includes(r2.id), 'reply.failed');
    expect((await sb2.tickets.get(t2.id)).replies.at(-1)).toMatchObject({
      delivery: 'failed',
      deliveryError: expect.stringContaining('HTTP 500'),
    });
    await sb2.close();
  });

  it('keeps undelivered events in the outbox across a restart and sends them after it', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const down = await receiver(Number.MAX_SAFE_INTEGER);
    const first = await makeSwitchboard(policyText(declare(down.url)), { plugins: [webhook], dataDir: tmp.dir });
    await first.tickets.create(ticket('one'));
    await first.tickets.create(ticket('two'));
    await waitFor(
      () =>
        createOutbox(join(tmp.dir, 'plugins/webhook'))
          .list()
          .every((e) => e.attempts === 1),
      'first attempts',
    );
    await first.close();
    await down.close();
    const left = createOutbox(join(tmp.dir, 'plugins/webhook')).list();
    expect(left).toHaveLength(2);
    expect(left.every((e) => e.attempts >= 1 && e.lastError === 'HTTP 500')).toBe(true);

    const up = await receiver(0);
    cleanup.push(up.close);
    const second = await makeSwitchboard(policyText(declare(up.url)), { plugins: [webhook], dataDir: tmp.dir });
    await waitFor(() => up.got.length >= 2, 'redelivery after restart');
    await second.close();
    expect(up.got.map((g) => JSON.parse(g.body).ticket.subject).sort()).toEqual(['one', 'two']);
    expect(up.got.map((g) => g.delivery).sort()).toEqual(left.map((e) => e.id).sort());
    expect(createOutbox(join(tmp.dir, 'plugins/webhook')).list()).toEqual([]);
  });

  it('moves an event to dead/ after maxAttempts', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const down = await receiver(Number.MAX_SAFE_INTEGER);
    cleanup.push(down.close);
    const clock = createManualClock('2026-03-02T08:00:00Z');
    const sb = await makeSwitchboard(policyText(declare(down.url, ', maxAttempts: 3')), {
      plugins: [webhook],
      dataDir: tmp.dir,
      clock,
    });
    await sb.tickets.create(ticket('doomed'));
    const box = createOutbox(join(tmp.dir, 'plugins/webhook'));
    await waitFor(() => box.list()[0]?.attempts === 1, 'the first attempt');
    await clock.advance(1000 + 2000);
    expect(box.dead()).toHaveLength(1);
    await sb.close();
    expect(down.got).toHaveLength(3);
    expect(box.list()).toEqual([]);
    expect(box.dead()[0]).toMatchObject({ attempts: 3, event: 'ticket.created', lastError: 'HTTP 500' });
  });
});
