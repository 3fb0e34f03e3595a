import type { Ticket } from '../model/ticket.ts';

/** A half-open interval [from, to) in epoch ms. */
export interface Span {
  from: number;
  to: number;
  status: string;
}

/**
 * The ticket's status over time, rebuilt from its history's status changes. The first span
 * starts at createdAt with the status the first change left (or the current status when the
 * ticket never changed); the last span runs to `end`.
 */
export function statusSpans(ticket: Ticket, end: number): Span[] {
  const changes: { at: number; from: string; to: string }[] = [];
  for (const h of ticket.history) {
    const s = h.changes?.status;
    if (!s) continue;
    changes.push({ at: Date.parse(h.at), from: String(s[0]), to: String(s[1]) });
  }
  changes.sort((a, b) => a.at - b.at);
  const spans: Span[] = [];
  let from = Date.parse(ticket.createdAt);
  let status = changes[0]?.from ?? ticket.status;
  for (const c of changes) {
    if (c.at > from) spans.push({ from, to: Math.min(c.at, end), status });
    from = Math.max(from, c.at);
    status = c.to;
  }
  if (end > from) spans.push({ from, to: end, status });
  return spans.filter((s) => s.to > s.from);
}

/** Wall and business ms of [from, to) minus the parts covered by `excluded` spans. */
export function measure(
  from: number,
  to: number,
  excluded: readonly Span[],
  between: (a: number, b: number) => number,
): { wallMs: number; businessMs: number } {
  let wallMs = Math.max(0, to - from);
  let businessMs = Math.max(0, between(from, to));
  for (const s of excluded) {
    const a = Math.max(from, s.from);
    const b = Math.min(to, s.to);
    if (b <= a) continue;
    wallMs -= b - a;
    businessMs -= Math.max(0, between(a, b));
  }
  return { wallMs: Math.max(0, wallMs), businessMs: Math.max(0, businessMs) };
}
