/**
 * auto-reply: after a ticket is created, posts its rendered first-response script as a bot
 * reply. Bot replies are not the first response: the SLA clock keeps running for an agent.
 */
import { definePlugin } from '../../src/index.ts';

export interface AutoReplyOptions {
  /** The script to send (default firstResponse). */
  script?: string;
  /** The bot's display name. */
  botName?: string;
  /** Only tickets from these channels (default: all). */
  channels?: string[];
}

export const exampleOptions: AutoReplyOptions = { botName: 'Helper bot', channels: ['web'] };

export default definePlugin<AutoReplyOptions>({
  name: 'auto-reply',
  version: '0.1.0',
  switchboard: '^0.1.0',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      script: { type: 'string', default: 'firstResponse' },
      botName: { type: 'string', default: 'Switchboard' },
      channels: { type: 'array', items: { type: 'string' } },
    },
  },
  setup(host, options) {
    host.events.subscribe('ticket.created', async ({ ticket }) => {
      if (options.channels && !options.channels.includes(ticket.channel)) return;
      const script = ticket.scripts[options.script ?? 'firstResponse'];
      if (!script) return;
      await host.tickets.reply(ticket.id, {
        author: { type: 'bot', name: options.botName ?? 'Switchboard' },
        body: script.text,
      });
    });
  },
});
