import { chainFollowUps, type CreateFollowUp, type TicketService } from './ticket-service.ts';
import type { Policy } from '../core/policy/types.ts';
import type { Store } from '../store/types.ts';
import { firstStatusOfKind, statusKind } from '../core/tickets/lifecycle.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { Clock } from '../core/util/clock.ts';
import type { IdGenerator } from '../core/util/ids.ts';
import { addReply } from '../core/operations/operations.ts';
import { confirmWordsFor, isConfirmation } from '../core/faq/confirm.ts';
import { buildFaqIndex, faqSettingsOf, type FaqIndex, type FaqSettings } from '../core/faq/faq-index.ts';
import { matchFaq, type FaqMatch } from '../core/faq/match.ts';

/** What the FAQ did on one ticket; kept in the Store's meta as `faq:<ticketId>`. */
export interface FaqState {
  ticketId: string;
  entry: string;
  confidence: number;
  answeredAt: string;
  /** awaiting: the customer has not answered; confirmed: resolved by the bot; declined: goes on to a person. */
  state: 'awaiting' | 'confirmed' | 'declined';
  repliedAt?: string;
}

export interface FaqDeps {
  store: Store;
  clock: Clock;
  policy: () => Policy;
  /** Reply ids, from the same generator as the ticket service's. */
  ids: IdGenerator;
}

/** Picks the text in the ticket's locale, then its language, then the policy locale, then any. */
export function inLocale(texts: Record<string, string>, locale: string, fallback: string): string {
  const lang = locale.split('-')[0];
  return (
    texts[locale] ??
    Object.entries(texts).find(([k]) => k.split('-')[0] === lang)?.[1] ??
    texts[fallback] ??
    Object.values(texts)[0] ??
    ''
  );
}

/**
 * FAQ auto-answers around the ticket service (a decorator, so intake, routing and SLAs stay as
 * they are): a new ticket that matches an entry gets the answer as a bot reply with the offer
 * of a person; the customer's next reply either confirms (the bot resolves it) or the ticket
 * simply goes on with the assignment it got at intake.
 */
export function withFaq(
  inner: TicketService,
  deps: FaqDeps,
): TicketService & {
  faqState(id: string): Promise<FaqState | undefined>;
  match(policy: Policy, text: string): FaqMatch | undefined;
} {
  const indexes = new WeakMap<Policy, { settings: FaqSettings; index: FaqIndex } | null>();
  const compiled = (policy: Policy) => {
    let c = indexes.get(policy);
    if (c === undefined) {
      const settings = faqSettingsOf(policy.doc);
      c =
        settings?.enabled && settings.entries.length > 0 ? { settings, index: buildFaqIndex(settings.entries) } : null;
      indexes.set(policy, c);
    }
    return c;
  };
  const key = (id: string) => `faq:${id}`;
  const applies = (settings: FaqSettings, policy: Policy, ticket: Ticket) => {
    if (settings.channels) return settings.channels.includes(ticket.channel);
    // A phone call is answered by a person: no bot text on voice channels unless listed.
    return policy.channels.get(ticket.channel)?.kind !== 'voice';
  };

  /** The bot's answer to a new ticket, as a follow-up of its create (undefined: no entry matches). */
  const answer = (t: Ticket, policy: Policy, now: Date): CreateFollowUp | undefined => {
    const c = compiled(policy);
    if (!c || !applies(c.settings, policy, t) || statusKind(policy, t.status) === 'closed') return undefined;
    const found = matchFaq(c.index, [t.subject, t.description ?? ''].join('\n'), c.settings.minConfidence);
    if (!found) return undefined;
    const body = `${inLocale(found.entry.answer, t.locale, policy.locale)}\n\n${inLocale(c.settings.prompt, t.locale, policy.locale)}`;
    const reply = {
      id: deps.ids('r'),
      at: now.toISOString(),
      body,
      author: { type: 'bot' as const, id: 'faq', name: c.settings.botName },
      ...(c.settings.countsAsFirstResponse ? { countsAsResponse: true } : {}),
    };
    const answered = addReply(t, reply, { now, policy, actor: `bot:faq:${found.entry.id}` });
    const state: FaqState = {
      ticketId: t.id,
      entry: found.entry.id,
      confidence: found.confidence,
      answeredAt: now.toISOString(),
      state: 'awaiting',
    };
    return { ...answered, alsoWrite: () => deps.store.setMeta(key(t.id), state) };
  };

  return {
    ...inner,
    faqState: (id) => deps.store.getMeta<FaqState>(key(id)),
    match: (policy, text) => {
      const c = compiled(policy);
      return c ? matchFaq(c.index, text, c.settings.minConfidence) : undefined;
    },

    // The answer is part of the create: one write carries the ticket with the bot's reply, and
    // the FAQ state is written alongside it, so the caller waits for one durable round.
    create(input, opts = {}) {
      // a caller's own follow-up comes first; the answer is then made on its result
      const own = opts.andThen;
      return inner.create(input, { ...opts, andThen: own ? chainFollowUps(own, answer) : answer });
    },

    async reply(id, input, opts) {
      const ticket = await inner.reply(id, input, opts);
      if (input.author.type !== 'customer' || input.internal) return ticket;
      const state = await deps.store.getMeta<FaqState>(key(id));
      if (state?.state !== 'awaiting') return ticket;
      const policy = deps.policy();
      const settings = faqSettingsOf(policy.doc);
      const words = settings ? confirmWordsFor(settings.confirmWords, ticket.locale, policy.locale) : [];
      // Only words that mean "solved" resolve; an acknowledgement ("好的", "ok") keeps the ticket
      // with the person intake routed it to.
      const confirmed = isConfirmation(input.body, words);
      await deps.store.setMeta(key(id), {
        ...state,
        state: confirmed ? 'confirmed' : 'declined',
        repliedAt: deps.clock.now().toISOString(),
      });
      if (!confirmed || statusKind(policy, ticket.status) === 'resolved') return ticket;
      // a bot actor: metrics count this resolution as the bot's, not a person's
      return inner.setStatus(id, firstStatusOfKind(policy, 'resolved'), {
        actor: `bot:faq:${state.entry}`,
        note: `customer confirmed FAQ answer "${state.entry}"`,
      });
    },
  };
}
