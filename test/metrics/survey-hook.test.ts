import { describe, expect, it } from 'vitest';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { fixturePolicyText } from './fixture-policy.ts';

describe('survey links on resolution and the metrics policy key', () => {
  it('onSurveyLink receives one link per resolution; answering it books the call-back for the group lead', async () => {
    const clock = createManualClock('2026-10-12T01:00:00Z');
    const links: { ticket: string; token: string }[] = [];
    let linked: () => void = () => {};
    const firstLink = new Promise<void>((r) => (linked = r));
    const sb = await createSwitchboard({
      sources: [{ file: 'policy.yaml', text: fixturePolicyText }],
      store: createMemoryStore(),
      clock,
      logger: silentLogger,
      onSurveyLink: (ticket, link) => {
        links.push({ ticket: ticket.id, token: link.token });
        linked();
      },
    });
    try {
      const tasks: string[] = [];
      sb.events.subscribe('task.created', (e) => tasks.push(String(e.task.assignee)));
      const { ticket } = await sb.tickets.create({
        channel: 'email',
        subject: 'payment',
        category: 'fault/payment',
        customer: { id: 'C1' },
      });
      await sb.tickets.reply(ticket.id, { author: { type: 'agent', id: 'cai' }, body: 'fixed' });
      await sb.tickets.setStatus(ticket.id, 'resolved');
      await firstLink;
      expect(links).toHaveLength(1);
      expect(links[0]!.ticket).toBe(ticket.id);
      const r = await sb.surveys.answer(links[0]!.token, { score: 1 });
      expect(r.task).toMatchObject({
        kind: 'callback',
        assignee: 'cai',
        dueAt: '2026-10-13T01:00:00.000Z',
        state: 'open',
        reason: 'rated 1/5',
      });
      expect(tasks).toEqual(['cai']);
      expect((await sb.tickets.get(ticket.id)).tasks).toHaveLength(1);
      // the hook decides when the change is published: by the time setStatus returns, closing
      // (not a new resolution) has started no link
      await sb.tickets.setStatus(ticket.id, 'closed');
      await sb.tickets.get(ticket.id);
      expect(links).toHaveLength(1);
    } finally {
      await sb.close();
    }
  });

  it('the policy accepts a metrics key and rejects unknown settings in it', () => {
    expect(policyFromText(fixturePolicyText).doc.metrics).toEqual({ countBotReplies: false });
    expect(() =>
      policyFromText(fixturePolicyText.replace('metrics: { countBotReplies: false }', 'metrics: { countBots: false }')),
    ).toThrow(/countBots/);
  });
});
