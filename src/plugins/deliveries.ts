/**
 * Channel deliveries: which plugin brings public replies to customers on which channel. The
 * ticket service asks it for a channel's delivery; `GET /api/policy` shows it per channel.
 */
import { SwitchboardError } from '../core/errors/index.ts';
import type { ChannelDeliveries } from '../runtime/ticket-service.ts';
import { withTimeout, type ReportError } from './isolate.ts';
import type { DeliverySpec } from './types.ts';

export interface DeliveryRegistry extends ChannelDeliveries {
  add(plugin: string, spec: DeliverySpec): void;
  /** The plugin delivering a channel, or undefined (the channel's replies are `delivery: none`). */
  pluginFor(channel: string): string | undefined;
}

export function createDeliveryRegistry(opts: { report: ReportError; timeoutMs: number }): DeliveryRegistry {
  const byChannel = new Map<string, { plugin: string; spec: DeliverySpec }>();
  const lookup = (channel: string) => byChannel.get(channel) ?? byChannel.get('*');
  return {
    add(plugin, spec) {
      if (!Array.isArray(spec?.channels) || spec.channels.length === 0 || typeof spec.deliver !== 'function')
        throw new SwitchboardError(
          'SWB_PLUGIN_INVALID',
          `plugin "${plugin}": addDelivery needs channels (a non-empty list of channel ids or "*") and deliver(ticket, reply)`,
          { plugin },
        );
      for (const channel of spec.channels) {
        const taken = byChannel.get(channel);
        if (taken)
          throw new SwitchboardError(
            'SWB_PLUGIN_INVALID',
            `plugin "${plugin}" and plugin "${taken.plugin}" both deliver channel "${channel}"; let one plugin deliver each channel`,
            { plugin, channel, other: taken.plugin },
          );
        byChannel.set(channel, { plugin, spec });
      }
    },
    pluginFor: (channel) => lookup(channel)?.plugin,
    of(channel) {
      const hit = lookup(channel);
      if (!hit) return undefined;
      return {
        plugin: hit.plugin,
        deliver: async (ticket, reply) => {
          try {
            await withTimeout(() => hit.spec.deliver(ticket, reply), opts.timeoutMs, `delivery of reply ${reply.id}`);
          } catch (err) {
            opts.report(hit.plugin, 'deliver', err, ticket.id);
            throw err;
          }
        },
      };
    },
  };
}
