import { createHash } from 'node:crypto';
import type { Ticket } from '../model/ticket.ts';
import type { QaConfig } from './config.ts';
import { weightOf, type WeightInputs } from './weight.ts';

/** One ticket's sampling decision, with every input needed to check it again. */
export interface SampleDecision extends WeightInputs {
  ticketId: string;
  /** Seeded uniform number in (0, 1) from sha256(seed:ticketId). */
  u: number;
  /** Efraimidis–Spirakis key ln(u) / weight (order-equal to u^(1/w), without underflow). */
  key: number;
  picked: boolean;
}

/** The audit record of one period's sample. */
export interface SampleRecord {
  period: string;
  from: string;
  to: string;
  seed: string;
  rate: number;
  population: number;
  size: number;
  sampledAt: string;
  policyVersion: string;
  decisions: SampleDecision[];
}

/** A uniform number in (0, 1) from the seed and the ticket id: the same pair, the same number. */
export function seededUniform(seed: string, ticketId: string): number {
  const h = createHash('sha256').update(`${seed}:${ticketId}`).digest();
  // 52 random bits → (0, 1): never 0, so ln(u) is finite.
  const n = h.readUIntBE(0, 6) * 16 + (h[6]! >> 4);
  return (n + 0.5) / 2 ** 52;
}

/**
 * The smallest count whose share of the population is not below the rate (ceil(rate × N)), so a
 * "15 %" sample of 7 takes 2, never 1 (14.3 %). The product is rounded to 9 decimals first because
 * binary floating point makes exact products land a hair above an integer (0.07 × 100 is
 * 7.000000000000001), and ceil would then take one ticket too many.
 */
export function sampleSize(rate: number, population: number): number {
  if (population === 0 || rate <= 0) return 0;
  const exact = Math.round(rate * population * 1e9) / 1e9;
  return Math.min(population, Math.max(1, Math.ceil(exact)));
}

/**
 * Weighted sampling without replacement (Efraimidis–Spirakis): each ticket gets the key
 * u^(1/w) and the k largest keys are taken. Exact size, weighted, independent of the order the
 * tickets were read in, and reproducible from the seed. Pure.
 */
export function sampleTickets(
  tickets: readonly Ticket[],
  qa: QaConfig,
  period: { id: string; from: string; to: string },
  meta: { now: Date; policyVersion: string },
): SampleRecord {
  const decisions: SampleDecision[] = tickets.map((t) => {
    const inputs = weightOf(t, qa);
    const u = seededUniform(qa.seed, t.id);
    return { ticketId: t.id, ...inputs, u, key: Math.log(u) / inputs.weight, picked: false };
  });
  const size = sampleSize(qa.rate, decisions.length);
  const ranked = [...decisions].sort((a, b) => b.key - a.key || (a.ticketId < b.ticketId ? -1 : 1));
  for (const d of ranked.slice(0, size)) d.picked = true;
  decisions.sort((a, b) => (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0));
  return {
    period: period.id,
    from: period.from,
    to: period.to,
    seed: qa.seed,
    rate: qa.rate,
    population: decisions.length,
    size,
    sampledAt: meta.now.toISOString(),
    policyVersion: meta.policyVersion,
    decisions,
  };
}
