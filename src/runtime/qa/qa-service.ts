import type { Policy } from '../../core/policy/types.ts';
import { SwitchboardError } from '../../core/errors/index.ts';
import type { EventBus } from '../../core/events/bus.ts';
import type { Store } from '../../store/types.ts';
import type { Ticket } from '../../core/model/ticket.ts';
import type { Clock } from '../../core/util/clock.ts';
import { formatDuration } from '../../core/util/duration.ts';
import { qaConfigOf, type QaConfig } from '../../core/qa/config.ts';
import { dayOf, daysBetween, nextDay, periodOf, previousDay } from '../../core/qa/periods.ts';
import { createQaStore } from './qa-store.ts';
import { sampleTickets, type SampleDecision, type SampleRecord } from '../../core/qa/sample.ts';
import {
  agentQuality,
  checkResults,
  tally,
  type AgentQuality,
  type ItemResult,
  type QaReview,
} from '../../core/qa/score.ts';

export interface QueueItem extends Omit<SampleDecision, 'picked'> {
  period: string;
  review?: QaReview;
}

export interface QaService {
  /**
   * Samples each day from..to (YYYY-MM-DD, policy time zone) not sampled yet; sampled days are kept
   * as they were. A day that has not ended is refused (SWB_QA_DAY_OPEN).
   */
  sample(
    from: string,
    to: string,
  ): Promise<{ periods: { period: string; population: number; size: number; existing: boolean }[] }>;
  /** The audit record of one day. */
  record(period: string): Promise<SampleRecord | undefined>;
  queue(filter?: {
    status?: 'pending' | 'reviewed' | 'all';
    agent?: string;
    from?: string;
    to?: string;
  }): Promise<QueueItem[]>;
  review(
    ticketId: string,
    input: { results: Record<string, ItemResult>; comment?: string; reviewer: string },
  ): Promise<{ review: QaReview; agent?: AgentQuality }>;
  agents(): Promise<{ window: string; threshold: number; errorRate: QaConfig['errorRate']; items: AgentQuality[] }>;
  /** The daily step: samples every completed day since the last run (the day before today, first time). */
  tick(): Promise<string[]>;
}

export interface QaDeps {
  store: Store;
  clock: Clock;
  bus: EventBus;
  policy: () => Policy;
}

export function requireQa(policy: Policy): QaConfig {
  const qa = qaConfigOf(policy.doc);
  if (!qa)
    throw new SwitchboardError(
      'SWB_QA_NOT_CONFIGURED',
      'the live policy has no "qa:" section; add one (rate, seed, checklist) or extend preset:base',
    );
  return qa;
}

/** Every resolved (or closed after resolving) ticket whose resolution falls in [fromMs, toMs). */
async function resolvedBetween(store: Store, policy: Policy, fromMs: number, toMs: number): Promise<Ticket[]> {
  const status = [...policy.statuses.values()]
    .filter((s) => s.kind === 'resolved' || s.kind === 'closed')
    .map((s) => s.id);
  const out: Ticket[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ status, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const t of page.items) {
      const at = t.resolvedAt ? Date.parse(t.resolvedAt) : Number.NaN;
      if (at >= fromMs && at < toMs) out.push(t);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Quality review: seeded daily samples, reviews against the checklist, per-agent error rates and flags. */
export function createQaService(deps: QaDeps): QaService {
  const qaStore = createQaStore(deps.store);

  const reviewsInWindow = async (qa: QaConfig, now: number) => {
    const picked = await qaStore.picked();
    const out: QaReview[] = [];
    for (const id of Object.keys(picked)) {
      const r = await qaStore.review(id);
      if (r && Date.parse(r.at) > now - qa.windowMs && Date.parse(r.at) <= now) out.push(r);
    }
    return out;
  };

  const service: QaService = {
    async sample(from, to) {
      const policy = deps.policy();
      const qa = requireQa(policy);
      const days = daysBetween(from, to);
      const first = periodOf(days[0]!, policy.timezone);
      const last = periodOf(days[days.length - 1]!, policy.timezone);
      // A sample is kept as it was taken; one taken before its day ends would miss the tickets
      // resolved later that day, so only ended days can be sampled.
      const now = deps.clock.now();
      if (last.toMs > now.getTime()) {
        const open = days.find((d) => periodOf(d, policy.timezone).toMs > now.getTime())!;
        throw new SwitchboardError(
          'SWB_QA_DAY_OPEN',
          `day ${open} has not ended yet (it ends at ${periodOf(open, policy.timezone).to}, ${policy.timezone}); sample up to ${previousDay(dayOf(now, policy.timezone))}, or wait for the day to end`,
          { path: open === days[0] ? '/from' : '/to', day: open, endsAt: periodOf(open, policy.timezone).to },
        );
      }
      const tickets = await resolvedBetween(deps.store, policy, first.fromMs, last.toMs);
      const byDay = new Map<string, Ticket[]>();
      for (const t of tickets) {
        const day = dayOf(Date.parse(t.resolvedAt!), policy.timezone);
        byDay.set(day, [...(byDay.get(day) ?? []), t]);
      }
      const periods = [];
      for (const day of days) {
        const existing = await qaStore.sample(day);
        if (existing) {
          periods.push({ period: day, population: existing.population, size: existing.size, existing: true });
          continue;
        }
        const period = periodOf(day, policy.timezone);
        const record = sampleTickets(
          byDay.get(day) ?? [],
          qa,
          { id: day, from: period.from, to: period.to },
          { now, policyVersion: policy.version },
        );
        await qaStore.saveSample(record);
        deps.bus.publish({
          type: 'qa.sampled',
          data: {
            period: day,
            from: record.from,
            to: record.to,
            seed: record.seed,
            rate: record.rate,
            population: record.population,
            ticketIds: record.decisions.filter((d) => d.picked).map((d) => d.ticketId),
          },
        });
        periods.push({ period: day, population: record.population, size: record.size, existing: false });
      }
      return { periods };
    },

    record: (period) => qaStore.sample(period),

    async queue(filter = {}) {
      const items: QueueItem[] = [];
      for (const period of await qaStore.periods()) {
        if ((filter.from && period < filter.from) || (filter.to && period > filter.to)) continue;
        const record = await qaStore.sample(period);
        for (const d of record?.decisions ?? []) {
          if (!d.picked || (filter.agent && d.agent !== filter.agent)) continue;
          const review = await qaStore.review(d.ticketId);
          const status = filter.status ?? 'pending';
          if ((status === 'pending' && review) || (status === 'reviewed' && !review)) continue;
          const { picked: _p, ...rest } = d;
          items.push({ ...rest, period, ...(review ? { review } : {}) });
        }
      }
      return items;
    },

    async review(ticketId, input) {
      const policy = deps.policy();
      const qa = requireQa(policy);
      const period = (await qaStore.picked())[ticketId];
      if (!period)
        throw new SwitchboardError(
          'SWB_QA_NOT_SAMPLED',
          `ticket "${ticketId}" is not in the QA review queue; list the queue with GET /api/qa/queue`,
          { ticketId },
        );
      if (qa.checklist.length === 0)
        throw new SwitchboardError('SWB_QA_NOT_CONFIGURED', 'the live policy has no qa.checklist to score against');
      checkResults(input.results, qa.checklist);
      const decision = (await qaStore.sample(period))?.decisions.find((d) => d.ticketId === ticketId);
      const now = deps.clock.now();
      const review: QaReview = {
        ticketId,
        agent: decision?.agent ?? null,
        reviewer: input.reviewer,
        at: now.toISOString(),
        period,
        results: input.results,
        ...(input.comment ? { comment: input.comment } : {}),
        ...tally(input.results, qa.checklist),
        policyVersion: policy.version,
      };
      await qaStore.saveReview(review);
      deps.bus.publish({ type: 'qa.scored', data: { review } });
      if (review.agent === null) return { review };
      const agent = agentQuality(
        (await reviewsInWindow(qa, now.getTime())).filter((r) => r.agent === review.agent),
        qa,
      )[0];
      if (!agent) return { review };
      const flags = await qaStore.flags();
      const was = flags[agent.agent]?.flagged ?? false;
      if (was !== agent.flagged) {
        flags[agent.agent] = {
          flagged: agent.flagged,
          at: now.toISOString(),
          errorRate: agent.errorRate,
          reviews: agent.reviews,
        };
        await qaStore.saveFlags(flags);
        if (agent.flagged) {
          deps.bus.publish({
            type: 'agent.flagged',
            data: {
              agent: agent.agent,
              errorRate: agent.errorRate,
              reviews: agent.reviews,
              threshold: qa.flagAbove,
              window: formatDuration(qa.windowMs),
            },
          });
        }
      }
      return { review, agent };
    },

    async agents() {
      const qa = requireQa(deps.policy());
      return {
        window: formatDuration(qa.windowMs),
        threshold: qa.flagAbove,
        errorRate: qa.errorRate,
        items: agentQuality(await reviewsInWindow(qa, deps.clock.now().getTime()), qa),
      };
    },

    async tick() {
      const policy = deps.policy();
      const qa = qaConfigOf(policy.doc);
      if (!qa?.auto) return [];
      const yesterday = previousDay(dayOf(deps.clock.now(), policy.timezone));
      const last = await qaStore.lastAuto();
      if (last !== undefined && last >= yesterday) return [];
      const from = last === undefined ? yesterday : nextDay(last);
      // After a long stop, catch up at most a year at a time.
      const start = daysBetween(from, yesterday, 100_000).slice(-366)[0]!;
      const { periods } = await service.sample(start, yesterday);
      await qaStore.saveLastAuto(yesterday);
      return periods.filter((p) => !p.existing).map((p) => p.period);
    },
  };
  return service;
}
