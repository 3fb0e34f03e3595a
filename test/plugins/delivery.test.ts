import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, type Reply, type Ticket } from '../../src/index.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';
import { makeSwitchboard, policyText } from './helpers.ts';

/** A delivery for channel `chat` that records what it was handed and what the store held then. */
function chatDelivery(opts: { failWith?: string } = {}) {
  const handed: { reply: Reply; storedReplies: number }[] = [];
  let stored: (id: string) => Promise<Ticket> = async () => {
    throw new Error('not ready');
  };
  const plugin = definePlugin({
    name: 'chat-out',
    version: '1.0.0',
    switchboard: '^0.1.0',
    setup(host) {
      stored = (id) => host.tickets.get(id);
      host.addDelivery({
        channels: ['chat'],
        async deliver(ticket, reply) {
          if (opts.failWith) throw new Error(opts.failWith);
          handed.push({ reply, storedReplies: (await host.tickets.get(ticket.id)).replies.length });
        },
      });
    },
  });
  return { plugin, handed, stored: (id: string) => stored(id) };
}

const withChat = (extra = '') =>
  policyText(extra).replace(
    'channels: [{ id: web, kind: online }]',
    'channels: [{ id: web, kind: online }, { id: chat, kind: online }]',
  );

const agent = { type: 'agent' as const, id: 'ann' };

describe('channel delivery contract', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('public replies on a channel without a delivery say delivery: none; notes and customer replies carry no delivery', async () => {
    const sb = await makeSwitchboard(withChat());
    cleanup.push(() => sb.close());
    const { ticket } = await sb.tickets.create({ channel: 'web', subject: 's', customer: { id: 'c' } });
    await sb.tickets.reply(ticket.id, { author: agent, body: 'public' });
    await sb.tickets.reply(ticket.id, { author: agent, body: 'note', internal: true });
    const t = await sb.tickets.reply(ticket.id, { author: { type: 'customer', id: 'c' }, body: 'thanks' });
    expect(t.replies.map((r) => r.delivery)).toEqual(['none', undefined, undefined]);
  });

  it('hands a public reply to the channel delivery before storing it as queued, then records sent once', async () => {
    const chat = chatDelivery();
    const sb = await makeSwitchboard(withChat(), { plugins: [chat.plugin] });
    cleanup.push(() => sb.close());
    const events: { type: string; via?: string }[] = [];
    sb.events.subscribe('*', (e) => events.push(e as never));
    const { ticket } = await sb.tickets.create({ channel: 'chat', subject: 's', customer: { id: 'c' } });
    const t = await sb.tickets.reply(ticket.id, { author: agent, body: 'hi' });
    const reply = t.replies[0]!;
    expect(reply).toMatchObject({ delivery: 'queued', deliveredBy: 'chat-out' });
    expect(chat.handed).toEqual([{ reply, storedReplies: 0 }]); // handed over before the reply was written

    const sent = await sb.tickets.recordDelivery(ticket.id, reply.id, { state: 'sent', via: 'chat-out' });
    await sb.tickets.recordDelivery(ticket.id, reply.id, { state: 'sent', via: 'chat-out' }); // a retry's report
    await sb.tickets.recordDelivery(ticket.id, reply.id, { state: 'failed', via: 'chat-out', error: 'late' });
    expect((await sb.tickets.get(ticket.id)).replies[0]).toMatchObject({
      delivery: 'sent',
      deliveredAt: expect.any(String),
    });
    expect(sent.history.at(-1)).toMatchObject({ type: 'delivery', actor: 'plugin:chat-out' });
    expect(events.filter((e) => e.type.startsWith('reply.'))).toEqual([
      expect.objectContaining({ type: 'reply.sent', via: 'chat-out' }),
    ]);
    await expect(
      sb.tickets.recordDelivery(ticket.id, 'r_nope', { state: 'sent', via: 'chat-out' }),
    ).rejects.toMatchObject({
      code: 'SWB_TICKET_REPLY_NOT_FOUND',
    });
  });

  it('a delivery that cannot take the reply stores it as failed with the reason, and reports plugin.error', async () => {
    const chat = chatDelivery({ failWith: 'outbox disk full' });
    const sb = await makeSwitchboard(withChat(), { plugins: [chat.plugin] });
    cleanup.push(() => sb.close());
    const errors: { type: string; plugin?: string }[] = [];
    sb.events.subscribe('plugin.error', (e) => errors.push(e as never));
    const { ticket } = await sb.tickets.create({ channel: 'chat', subject: 's', customer: { id: 'c' } });
    const t = await sb.tickets.reply(ticket.id, { author: agent, body: 'hi' });
    expect(t.replies[0]).toMatchObject({ body: 'hi', delivery: 'failed', deliveryError: 'outbox disk full' });
    expect(errors).toEqual([expect.objectContaining({ plugin: 'chat-out' })]);
  });

  it('refuses two plugins delivering one channel', async () => {
    const a = chatDelivery().plugin;
    const b = definePlugin({
      name: 'chat-two',
      version: '1.0.0',
      switchboard: '^0.1.0',
      setup: (host) => host.addDelivery({ channels: ['chat'], deliver() {} }),
    });
    await expect(makeSwitchboard(withChat(), { plugins: [a, b] })).rejects.toMatchObject({
      code: 'SWB_PLUGIN_INVALID',
      message: expect.stringContaining('both deliver channel "chat"'),
    });
  });

  it('GET /api/policy names each channel delivery, or none', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const server = await startTestServer({
      sources: [{ file: 'policy.yaml', text: withChat() }],
      dataDir: join(tmp.dir, 'data'),
      plugins: [chatDelivery().plugin],
      pluginDirs: [],
    });
    cleanup.push(() => server.close());
    const { body } = await api(server.url, 'GET', '/api/policy');
    expect(body.channels.map((c: { id: string; delivery: string }) => [c.id, c.delivery])).toEqual([
      ['web', 'none'],
      ['chat', 'chat-out'],
    ]);
  });
});
