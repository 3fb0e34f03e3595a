import type { TicketService } from '../ticket-service.ts';
import type { Policy } from '../../core/policy/types.ts';
import { isSwitchboardError, SwitchboardError } from '../../core/errors/index.ts';
import type { EventBus } from '../../core/events/bus.ts';
import type { Store } from '../../store/types.ts';
import { statusKind } from '../../core/tickets/lifecycle.ts';
import type { Ticket, TicketTask } from '../../core/model/ticket.ts';
import type { Clock } from '../../core/util/clock.ts';
import type { IdGenerator } from '../../core/util/ids.ts';
import { callbackReason, callbackTask } from '../../core/csat/callback.ts';
import { putTask } from '../../core/operations/task-actions.ts';
import { hashSurveyToken, isSurveyTokenShape, newSurveyToken } from './tokens.ts';
import { createKeyedQueue } from '../keyed-queue.ts';

export const surveyValidMs = 30 * 24 * 3_600_000;
const metaKey = (hash: string) => `csat:survey:${hash}`;

interface SurveyRecord {
  ticketId: string;
  issuedAt: string;
  expiresAt: string;
  answers: number;
  /** When the link was first answered: later answers change it within the update window. */
  firstAnsweredAt?: string;
}

export interface SurveyAnswer {
  ticket: Ticket;
  /** The call-back task created by this answer, if it asked for one. */
  task?: TicketTask;
}

export interface SurveyService {
  /** A new link for a resolved ticket; the token is returned once and stored only hashed. */
  issue(ticketId: string): Promise<{ token: string; path: string; expiresAt: string }>;
  /** The ticket behind a token; SWB_CSAT_TOKEN when unknown or expired. */
  open(token: string): Promise<{ ticket: Ticket; expiresAt: string }>;
  /**
   * Records the rating and books a call-back when needed. A link answers once; later answers
   * change the rating within the update window, up to `answersPerLink` in all (SWB_CSAT_ANSWERED).
   */
  answer(token: string, input: { score: unknown; comment?: unknown }): Promise<SurveyAnswer>;
}

export interface SurveyDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  tickets: TicketService;
  policy: () => Policy;
  /** Answers one link takes (default 3: the first and two corrections). */
  answersPerLink?: number;
  /** How long after its first answer a link may change it (default 24 h). */
  updateWindowMs?: number;
}

export function createSurveyService(deps: SurveyDeps): SurveyService {
  const answersPerLink = deps.answersPerLink ?? 3;
  const updateWindowMs = deps.updateWindowMs ?? 24 * 3_600_000;
  // One answer per link at a time, so the count it keeps is exact.
  const perLink = createKeyedQueue();
  const find = async (token: string) => {
    const unknown = new SwitchboardError(
      'SWB_CSAT_TOKEN',
      'this survey link is unknown or has expired; ask support for a new one',
    );
    if (!isSurveyTokenShape(token)) throw unknown;
    const hash = hashSurveyToken(token);
    const rec = await deps.store.getMeta<SurveyRecord>(metaKey(hash));
    if (!rec || Date.parse(rec.expiresAt) <= deps.clock.now().getTime()) throw unknown;
    return { hash, rec };
  };

  /**
   * Puts the call-back on the ticket through the ticket service (serialised with every other
   * change, one `task` history entry, `task.created`); another process writing first is retried.
   */
  const addTask = async (ticketId: string, reason: string): Promise<{ ticket: Ticket; task?: TicketTask }> => {
    for (let attempt = 0; ; attempt++) {
      let task: TicketTask | undefined;
      try {
        const ticket = await deps.tickets.apply(ticketId, (before, policy, now) => {
          task = callbackTask(policy, before, reason, { now, id: deps.ids('task') });
          if (!task) return undefined;
          const note = `call-back for ${task.assignee ?? 'the team'} due ${task.dueAt}: ${reason}`;
          return putTask(before, task, { now, policy, actor: 'system:csat', note });
        });
        return task ? { ticket, task } : { ticket };
      } catch (e) {
        if (isSwitchboardError(e) && e.code === 'SWB_STORE_CONFLICT' && attempt < 5) continue;
        throw e;
      }
    }
  };

  return {
    async issue(ticketId) {
      const ticket = await deps.tickets.get(ticketId);
      const kind = statusKind(deps.policy(), ticket.status);
      if (kind !== 'resolved' && kind !== 'closed') {
        throw new SwitchboardError(
          'SWB_TICKET_CSAT_NOT_RESOLVED',
          `ticket ${ticket.id} is "${ticket.status}"; send a survey once it is resolved`,
        );
      }
      const token = newSurveyToken();
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + surveyValidMs).toISOString();
      await deps.store.setMeta(metaKey(hashSurveyToken(token)), {
        ticketId,
        issuedAt: now.toISOString(),
        expiresAt,
        answers: 0,
      } satisfies SurveyRecord);
      deps.bus.publish({ type: 'csat.survey-issued', data: { ticket, expiresAt } });
      return { token, path: `/survey/${token}`, expiresAt };
    },

    async open(token) {
      const { rec } = await find(token);
      return { ticket: await deps.tickets.get(rec.ticketId), expiresAt: rec.expiresAt };
    },

    async answer(token, input) {
      // keyed by the stored hash: one answer per link at a time (the lookup itself happens inside)
      if (!isSurveyTokenShape(token)) return answerOnce(token, input); // refused by the lookup
      return perLink(hashSurveyToken(token), () => answerOnce(token, input));
    },
  };

  async function answerOnce(token: string, input: { score: unknown; comment?: unknown }): Promise<SurveyAnswer> {
    const { hash, rec } = await find(token);
    const now = deps.clock.now();
    const closedAt = rec.firstAnsweredAt ? Date.parse(rec.firstAnsweredAt) + updateWindowMs : Infinity;
    if (rec.answers >= answersPerLink || now.getTime() >= closedAt)
      throw new SwitchboardError(
        'SWB_CSAT_ANSWERED',
        rec.answers >= answersPerLink
          ? `this survey link has been answered ${rec.answers} times, the most it takes; thank you`
          : 'this survey link was answered and can no longer be changed; thank you',
        { answers: rec.answers, answersPerLink },
      );
    const score = typeof input.score === 'string' ? Number(input.score) : input.score;
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5) {
      throw new SwitchboardError(
        'SWB_CSAT_INPUT',
        `score must be a whole number from 1 to 5, got ${JSON.stringify(input.score)}`,
        { path: '/score' },
      );
    }
    if (input.comment !== undefined && (typeof input.comment !== 'string' || input.comment.length > 2000)) {
      throw new SwitchboardError('SWB_CSAT_INPUT', 'comment must be text of at most 2000 characters', {
        path: '/comment',
      });
    }
    const comment = typeof input.comment === 'string' && input.comment.trim() ? input.comment.trim() : undefined;
    let ticket = await deps.tickets.rate(rec.ticketId, score, comment, { actor: 'customer:survey' });
    await deps.store.setMeta(metaKey(hash), {
      ...rec,
      answers: rec.answers + 1,
      firstAnsweredAt: rec.firstAnsweredAt ?? now.toISOString(),
    } satisfies SurveyRecord);
    const reason = callbackReason(score, comment);
    if (!reason) return { ticket };
    const r = await addTask(rec.ticketId, reason);
    ticket = r.ticket;
    return r.task ? { ticket, task: r.task } : { ticket };
  }
}
