import { describe, expect, it } from 'vitest';
import type { SwitchboardEvent } from '../../src/core/tickets/events.ts';
import { definePlugin } from '../../src/entry/plugins.ts';
import { makeSwitchboard, policyText, ticket } from './helpers.ts';

describe('plugins react through events; notification hooks are deprecated', () => {
  it('gives listeners the one event shape, waits for their promises, and reports their rejections', async () => {
    const replied: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const plugin = definePlugin({
      name: 'listens',
      version: '1.0.0',
      switchboard: '^0.1.0',
      setup(host) {
        host.events.subscribe('ticket.created', async (e) => {
          await gate;
          await host.tickets.reply(e.ticket.id, { author: { type: 'bot' }, body: `seen #${e.seq} at ${e.at}` });
          replied.push(e.ticket.id);
        });
        host.events.subscribe('ticket.replied', async (e) => {
          if (e.reply.author.type === 'bot') throw new Error(`no thanks for ${e.ticket.id}`);
        });
      },
    });
    const sb = await makeSwitchboard(policyText(''), { plugins: [plugin] });
    const errors: SwitchboardEvent<'plugin.error'>[] = [];
    sb.events.subscribe('plugin.error', (e) => errors.push(e));
    const { ticket: t } = await sb.tickets.create(ticket('printer on fire'));
    const settled = sb.plugins.settled();
    release();
    await settled;
    expect(replied).toEqual([t.id]);
    expect((await sb.tickets.get(t.id)).replies.at(-1)?.body).toMatch(/^seen #\d+ at 2026-03-02T08:00:00.000Z$/);
    expect(errors.map((e) => [e.plugin, e.where, e.message, e.ticketId])).toEqual([
      ['listens', 'listener ticket.replied', `no thanks for ${t.id}`, t.id],
    ]);
    await sb.close();
  });

  it('still runs the old notification hooks, each with one warning naming the event to subscribe to', async () => {
    const warnings: string[] = [];
    const logger = { info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    const seen: string[] = [];
    const plugin = definePlugin({
      name: 'old-style',
      version: '1.0.0',
      switchboard: '^0.1.0',
      setup(host) {
        host.on('afterCreate', ({ ticket }) => void seen.push(`created ${ticket.subject}`));
        host.on('afterCreate', () => {});
        host.on('onStatusChange', ({ from, to }) => void seen.push(`${from}->${to}`));
        host.on('beforeCreate', () => ({ tags: ['seen'] }));
      },
    });
    const sb = await makeSwitchboard(policyText(''), { plugins: [plugin], logger });
    const { ticket: t } = await sb.tickets.create(ticket('old hooks'));
    await sb.tickets.setStatus(t.id, 'open');
    await sb.plugins.settled();
    await sb.close();
    expect(seen).toEqual(['created old hooks', 'new->open']);
    expect(t.tags).toContain('seen');
    const hookWarnings = warnings.filter((w) => w.includes('deprecated hook'));
    expect(hookWarnings).toEqual([
      expect.stringContaining(
        'plugin "old-style" uses the deprecated hook afterCreate: subscribe to \'ticket.created\'',
      ),
      expect.stringContaining("deprecated hook onStatusChange: subscribe to 'ticket.updated'"),
    ]);
  });
});
