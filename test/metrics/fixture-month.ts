import type { TicketService } from '../../src/runtime/ticket-service.ts';
import type { ManualClock } from '../../src/core/util/clock.ts';
import { seededRandom } from '../helpers/random.ts';

/** One step of a scripted ticket: what happened, and when (minute-aligned epoch ms). */
export type Step =
  | { at: number; kind: 'bot' }
  | { at: number; kind: 'agent'; agent: string }
  | { at: number; kind: 'customer' }
  | { at: number; kind: 'status'; status: string }
  | { at: number; kind: 'csat'; score: number; comment?: string };

export interface ScriptedTicket {
  channel: string;
  priority: string;
  category: string;
  tier?: string;
  createdAt: number;
  steps: Step[];
  /** Filled in when played: the stored id. */
  id?: string;
}

const MIN = 60_000;
export const monthStart = Date.parse('2026-09-30T16:00:00Z'); // 1 October 00:00 in Shanghai

/** A month of tickets with bots, pauses, reopenings and ratings (deterministic). */
export function scriptMonth(n = 160, seed = 7): ScriptedTicket[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const mins = (max: number) => (1 + Math.floor(rand() * max)) * MIN;
  const out: ScriptedTicket[] = [];
  for (let i = 0; i < n; i++) {
    const createdAt = monthStart + Math.floor(rand() * 30 * 1440) * MIN;
    const t: ScriptedTicket = {
      channel: pick(['phone', 'chat', 'email']),
      priority: pick(['P1', 'P2']),
      category: pick(['inquiry', 'fault/payment', 'complaint']),
      ...(rand() < 0.2 ? { tier: 'vip' } : {}),
      createdAt,
      steps: [],
    };
    let now = createdAt;
    const step = (s: Step extends infer S ? (S extends Step ? Omit<S, 'at'> : never) : never, gap: number) => {
      now += gap;
      t.steps.push({ ...s, at: now } as Step);
    };
    const agent = pick(['ann', 'bob', 'cai']);
    if (rand() < 0.4) step({ kind: 'bot' }, mins(5));
    if (rand() < 0.93) {
      step({ kind: 'agent', agent }, mins(rand() < 0.5 ? 90 : 3000));
      if (rand() < 0.35) {
        step({ kind: 'status', status: 'pending-customer' }, mins(120));
        step({ kind: 'customer' }, mins(2000));
      }
      if (rand() < 0.15) {
        step({ kind: 'status', status: 'pending-internal' }, mins(60));
        step({ kind: 'status', status: 'open' }, mins(600));
      }
      if (rand() < 0.3) step({ kind: 'agent', agent }, mins(300));
      if (rand() < 0.85) {
        step({ kind: 'status', status: 'resolved' }, mins(600));
        if (rand() < 0.15) {
          step({ kind: 'customer' }, mins(600));
          step({ kind: 'agent', agent }, mins(200));
          step({ kind: 'status', status: 'resolved' }, mins(300));
        }
        if (rand() < 0.6) step({ kind: 'csat', score: 1 + Math.floor(rand() * 5) }, mins(200));
      }
    }
    out.push(t);
  }
  return out;
}

/** Plays the script through the real ticket service, moving the manual clock to each step. */
export async function playMonth(tickets: TicketService, clock: ManualClock, script: ScriptedTicket[]): Promise<void> {
  for (const s of script) {
    clock.set(new Date(s.createdAt));
    const { ticket } = await tickets.create({
      channel: s.channel,
      subject: `scripted ${s.category}`,
      category: s.category,
      priority: s.priority,
      customer: { id: `C${s.createdAt % 997}`, ...(s.tier ? { tier: s.tier } : {}) },
    });
    s.id = ticket.id;
    for (const st of s.steps) {
      clock.set(new Date(st.at));
      if (st.kind === 'bot')
        await tickets.reply(ticket.id, { author: { type: 'bot', id: 'autobot' }, body: 'We got your message.' });
      else if (st.kind === 'agent')
        await tickets.reply(ticket.id, { author: { type: 'agent', id: st.agent }, body: 'On it.' });
      else if (st.kind === 'customer')
        await tickets.reply(ticket.id, { author: { type: 'customer', id: 'c' }, body: 'Still there?' });
      else if (st.kind === 'status') await tickets.setStatus(ticket.id, st.status);
      else await tickets.rate(ticket.id, st.score, st.comment);
    }
  }
}
