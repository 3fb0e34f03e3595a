/**
 * email: the support mailbox as a channel. New mail opens a ticket on `channel`; replies thread
 * by Message-ID / In-Reply-To / References (then the `[#number]` in the subject, never the
 * subject text); robots' mail is noted or quarantined, never answered; public agent and bot
 * replies on the channel are mailed to the requester through a persisted outbox (this plugin is
 * the channel's delivery); survey links, call-back and escalation notices and FAQ answers given
 * at intake go through the same outbox (notices.ts). See docs/email.md.
 */
import { join } from 'node:path';
import { definePlugin, type Policy } from '../../src/index.ts';
import { watchNotices } from './notices.ts';
import { createImapReader } from './imap-reader.ts';
import { createMailIntake } from './intake.ts';
import { openMailIndex } from './mail-index.ts';
import { emailOptionsSchema, type EmailOptions } from './options.ts';
import { createOutbound } from './outbound.ts';

export { exampleOptions } from './options.ts';
export type { EmailOptions } from './options.ts';

export default definePlugin<EmailOptions>({
  name: 'email',
  version: '0.1.0',
  switchboard: '^0.1.0',
  optionsSchema: emailOptionsSchema as unknown as Record<string, unknown>,
  setup(host, o) {
    const domain = o.address.split('@')[1]?.toLowerCase() ?? 'switchboard.invalid';
    const index = openMailIndex(host.dataDir);
    const outbound = createOutbound({ options: o, host, index, domain });
    const intake = createMailIntake({
      tickets: host.tickets,
      index,
      options: o,
      dataDir: host.dataDir,
      domain,
      now: () => host.clock.now(),
      answered: (ticket, reply, thread) =>
        outbound.notify({
          ticket,
          kind: 'faq',
          key: reply.id,
          to: ticket.customer.email ?? '',
          text: reply.body,
          thread,
        }),
    });
    let policy: (() => Policy) | undefined;
    // the live policy: notices follow a hot reload of the scripts, agents and groups
    watchNotices({ host, options: o, outbound, policy: () => policy?.() });
    const reader = createImapReader({ options: o, host, take: intake.take, durable: () => index.sync() });

    host.addDelivery({ channels: [o.channel], deliver: (ticket, reply) => outbound.enqueue(ticket, reply) });
    host.events.subscribe('ticket.replied', (e) => {
      if (e.reply.delivery === 'queued' && e.reply.deliveredBy === host.name) return outbound.send(e.reply.id);
    });

    host.route('get', '/status', (_req, res) => {
      res.json({
        imap: reader.status(),
        outbox: { pending: outbound.pending(), failed: outbound.failed().length },
        quarantine: index.quarantine().length,
      });
    });
    host.route('get', '/quarantine', (_req, res) => res.json({ items: index.quarantine() }));
    host.route('get', '/outbox/failed', (_req, res) =>
      res.json({ items: outbound.failed().map(({ text: _t, ...m }) => m) }),
    );
    host.route('post', '/read', async (_req, res) => {
      await reader.round();
      res.json(reader.status());
    });

    host.on('onReady', async (ready) => {
      policy = ready.current;
      if (!ready.policy.channels.has(o.channel)) {
        host.logger.error(
          `channel "${o.channel}" is not in the policy's channels; add it there or set the email plugin's channel option — mail is not read`,
        );
        return;
      }
      await outbound.resume();
      reader.start();
    });
    host.on('onClose', async () => {
      await reader.close();
      await outbound.close();
      index.close();
    });
  },
});

export const attachmentsDir = (dataDir: string) => join(dataDir, 'plugins', 'email', 'attachments');
