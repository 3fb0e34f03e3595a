/**
 * webhook: POSTs chosen events to a URL, signed with HMAC-SHA256, retried with exponential
 * backoff on the runtime's clock from a persisted outbox (nothing is lost across restarts). Headers:
 *   X-Switchboard-Event, X-Switchboard-Delivery (stable id, for de-duplication),
 *   X-Switchboard-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>
 * Delivery is at least once: a receiver may see a delivery id twice after a crash.
 * The receiver is outside the team: customers' contact data and the policy's personal fields
 * are masked as for a viewer unless `contactData: clear` says the receiver may hold them.
 * With `deliver: [channel ids]` it is also those channels' delivery: each public reply goes to
 * the URL as a `reply.deliver` event `{ ticket, reply }` (a chat widget, WeChat or SMS gateway
 * sends it on), written to the outbox before the reply is stored, sent once it is, and recorded
 * on the reply as `sent` on a 2xx answer or `failed` after the last attempt.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { definePlugin, maskPayload, piiRules, type Policy, type TimerHandle } from '../../src/index.ts';
import { createOutbox, type OutboxEntry } from './outbox.ts';

export interface WebhookOptions {
  url: string;
  secret: string;
  events?: string[];
  maxAttempts?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
  contactData?: 'masked' | 'clear';
  /** Channels whose public replies this webhook delivers (`*`: every channel no other plugin delivers). */
  deliver?: string[];
}

export const exampleOptions: WebhookOptions = { url: 'http://127.0.0.1:9/hook', secret: 'a-long-shared-secret' };

export const sign = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export default definePlugin<WebhookOptions>({
  name: 'webhook',
  version: '0.1.0',
  switchboard: '^0.1.0',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'secret'],
    properties: {
      url: { type: 'string', format: 'uri', pattern: '^https?://' },
      secret: { type: 'string', minLength: 16, description: 'shared HMAC key (at least 16 characters)' },
      events: {
        type: 'array',
        items: { type: 'string' },
        default: ['ticket.created'],
        description: 'event names, or "*" for all',
      },
      maxAttempts: { type: 'integer', minimum: 1, default: 12 },
      backoffMs: { type: 'integer', minimum: 1, default: 1000 },
      maxBackoffMs: { type: 'integer', minimum: 1, default: 600000 },
      timeoutMs: { type: 'integer', minimum: 1, default: 10000 },
      contactData: {
        enum: ['masked', 'clear'],
        default: 'masked',
        description: "'clear' sends customers' name, email, phone and personal fields as they are",
      },
      deliver: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        description:
          'channel ids whose public replies this webhook delivers (reply.deliver events); "*" for every channel no other plugin delivers',
      },
    },
  },
  setup(host, o) {
    const outbox = createOutbox(host.dataDir);
    const events = new Set(o.events ?? ['ticket.created']);
    const maxAttempts = o.maxAttempts ?? 12;
    const timers = new Map<string, TimerHandle>();
    const inFlight = new Set<Promise<void>>();
    let closed = false;
    let policy: Policy | undefined;
    const payload = (event: unknown) => (o.contactData === 'clear' ? event : maskPayload(event, piiRules(policy)));

    const attempt = async (entry: OutboxEntry) => {
      timers.delete(entry.id);
      if (closed) return;
      let error: string;
      try {
        const res = await fetch(o.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-switchboard-event': entry.event,
            'x-switchboard-delivery': entry.id,
            'x-switchboard-signature': sign(o.secret, entry.body),
          },
          body: entry.body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 10000),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          if (entry.reply) await recordDelivery(entry, { state: 'sent' });
          return outbox.remove(entry.id);
        }
        error = `HTTP ${res.status}`;
      } catch (err) {
        error = (err as Error).message;
      }
      const next: OutboxEntry = { ...entry, attempts: entry.attempts + 1, lastError: error };
      if (next.attempts >= maxAttempts) {
        outbox.bury(next);
        host.logger.error(`gave up on delivery ${entry.id} (${entry.event}) after ${next.attempts} attempts: ${error}`);
        if (entry.reply)
          await recordDelivery(entry, { state: 'failed', error: `${error} (gave up after ${next.attempts} attempts)` });
        return;
      }
      outbox.put(next);
      schedule(next, Math.min(o.maxBackoffMs ?? 600000, (o.backoffMs ?? 1000) * 2 ** (next.attempts - 1)));
    };
    const run = (entry: OutboxEntry) => {
      const p = attempt(entry).finally(() => inFlight.delete(p));
      inFlight.add(p);
      return p;
    };
    // The first attempt leaves at once; retries wait on the runtime's clock (tests move it).
    const schedule = (entry: OutboxEntry, delay: number) => {
      if (closed || timers.has(entry.id)) return;
      if (delay <= 0) return void run(entry);
      timers.set(
        entry.id,
        host.clock.setTimer(() => run(entry), delay),
      );
    };
    const recordDelivery = async (entry: OutboxEntry, outcome: { state: 'sent' | 'failed'; error?: string }) => {
      try {
        await host.tickets.recordDelivery(entry.reply!.ticketId, entry.reply!.replyId, outcome);
      } catch (err) {
        host.logger.warn(
          `could not record ${outcome.state} for reply ${entry.reply!.replyId}: ${(err as Error).message}`,
        );
      }
    };
    const replyEntryId = (replyId: string) => `reply-${replyId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

    if (o.deliver?.length) {
      host.addDelivery({
        channels: o.deliver,
        // durable before the reply is stored; sent once it is (ticket.replied below)
        deliver(ticket, reply) {
          outbox.put({
            id: replyEntryId(reply.id),
            event: 'reply.deliver',
            body: JSON.stringify(payload({ type: 'reply.deliver', at: reply.at, ticket, reply })),
            attempts: 0,
            createdAt: reply.at,
            reply: { ticketId: ticket.id, replyId: reply.id },
          });
        },
      });
      host.events.subscribe('ticket.replied', (e) => {
        if (e.reply.delivery !== 'queued' || e.reply.deliveredBy !== host.name) return;
        const entry = outbox.get(replyEntryId(e.reply.id));
        if (entry) schedule(entry, 0);
      });
    }

    host.events.subscribe('*', (event) => {
      if (!events.has(event.type) && !events.has('*')) return;
      const entry: OutboxEntry = {
        id: randomUUID(),
        event: event.type,
        body: JSON.stringify(payload(event)),
        attempts: 0,
        createdAt: event.at,
      };
      outbox.put(entry); // durable before the first attempt
      schedule(entry, 0);
    });
    // What a previous run left undelivered goes out once the runtime is up.
    host.on('onReady', async (ready) => {
      policy = ready.policy;
      for (const entry of outbox.list()) {
        if (entry.reply) {
          // a reply whose write failed never reached the ticket: nothing to deliver
          const ticket = await host.tickets.get(entry.reply.ticketId).catch(() => undefined);
          const reply = ticket?.replies.find((r) => r.id === entry.reply!.replyId);
          if (!reply || reply.delivery === 'sent') {
            outbox.remove(entry.id);
            continue;
          }
        }
        schedule(entry, 0);
      }
    });
    host.on('onClose', async () => {
      closed = true;
      for (const t of timers.values()) host.clock.clearTimer(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    });
  },
});
