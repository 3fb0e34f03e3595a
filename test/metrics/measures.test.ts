import { describe, expect, it } from 'vitest';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { measureTicket, metricsSettings } from '../../src/core/metrics/index.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { fixturePolicyText } from './fixture-policy.ts';

const MIN = 60_000;

async function botThenAgent(text: string) {
  const clock = createManualClock('2026-10-12T01:00:00Z'); // Monday 09:00 Shanghai
  const sb = await createSwitchboard({
    sources: [{ file: 'policy.yaml', text }],
    store: createMemoryStore(),
    clock,
    logger: silentLogger,
  });
  const { ticket } = await sb.tickets.create({ channel: 'chat', subject: 'hi', customer: { id: 'C' } });
  await clock.advance(MIN);
  await sb.tickets.reply(ticket.id, { author: { type: 'bot', id: 'bot' }, body: 'auto' });
  await clock.advance(9 * MIN);
  await sb.tickets.reply(ticket.id, { author: { type: 'agent', id: 'ann' }, body: 'hello' });
  await clock.advance(10 * MIN);
  const t = await sb.tickets.setStatus(ticket.id, 'resolved');
  const policy = sb.policy.current();
  await sb.close();
  return measureTicket(t, policy, metricsSettings(policy));
}

describe('bot replies and the metrics policy key', () => {
  it('without countBotReplies the agent reply is the first response and the ticket is resolved on first contact', async () => {
    const m = await botThenAgent(fixturePolicyText);
    expect(m.frt).toEqual({ wallMs: 10 * MIN, businessMs: 10 * MIN });
    expect(m.fcr).toBe(true);
    expect(m.aht).toEqual({ wallMs: 10 * MIN, businessMs: 10 * MIN });
  });

  it('with countBotReplies: true the bot reply counts: FRT 1 min, and two replies are not first-contact', async () => {
    const m = await botThenAgent(fixturePolicyText.replace('countBotReplies: false', 'countBotReplies: true'));
    expect(m.frt).toEqual({ wallMs: MIN, businessMs: MIN });
    expect(m.fcr).toBe(false);
  });
});
