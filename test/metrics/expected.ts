import { frTargetMin, officeMinutes, resTargetMin } from './fixture-policy.ts';
import type { ScriptedTicket } from './fixture-month.ts';

/**
 * The independent computation: straight from the script's raw timestamps, walking business
 * minutes one by one; it shares no code with src/metrics.
 */
export interface Expected {
  channel: string;
  createdAt: number;
  frtWall?: number;
  frtBiz?: number;
  resWall?: number;
  resBiz?: number;
  ahtWall?: number;
  ahtBiz?: number;
  fcr?: boolean;
  frSla?: 'met' | 'breached';
  resSla?: 'met' | 'breached';
  csat?: number;
  /** Status at any instant. */
  statusAt(ms: number): string;
}

const MIN = 60_000;
const isPending = (s: string) => s.startsWith('pending');
const isDone = (s: string) => s === 'resolved' || s === 'closed';

export function expectedFor(t: ScriptedTicket): Expected {
  // status timeline
  const timeline: { at: number; status: string }[] = [{ at: t.createdAt, status: 'new' }];
  let status = 'new';
  const set = (at: number, s: string) => {
    if (s !== status) timeline.push({ at, status: s });
    status = s;
  };
  for (const st of t.steps) {
    if (st.kind === 'agent' && status === 'new') set(st.at, 'open');
    if (st.kind === 'customer' && (isPending(status) || status === 'resolved')) set(st.at, 'open');
    if (st.kind === 'status') set(st.at, st.status);
  }
  const statusAt = (ms: number) => {
    let s = 'new';
    for (const e of timeline) if (e.at <= ms) s = e.status;
    return s;
  };
  // minute-by-minute sums of wall and office minutes, skipping minutes whose status is excluded
  const sum = (a: number, b: number, skip: (s: string) => boolean) => {
    let wall = 0;
    let biz = 0;
    for (let m = a; m < b; m += MIN) {
      if (skip(statusAt(m))) continue;
      wall++;
      biz += officeMinutes(m, m + MIN);
    }
    return { wall: wall * MIN, biz: biz * MIN };
  };
  const paused = (s: string) => s === 'pending-customer';

  const e: Expected = { channel: t.channel, createdAt: t.createdAt, statusAt };
  const agents = t.steps.filter((s) => s.kind === 'agent');
  const resolves = t.steps.filter((s) => s.kind === 'status' && s.status === 'resolved');
  const firstAgent = agents[0]?.at;
  if (firstAgent !== undefined) {
    const f = sum(t.createdAt, firstAgent, paused);
    e.frtWall = f.wall;
    e.frtBiz = f.biz;
    e.frSla = f.biz <= frTargetMin[t.priority]![t.channel]! * MIN ? 'met' : 'breached';
  }
  const finalResolved = isDone(status) ? resolves[resolves.length - 1]?.at : undefined;
  if (finalResolved !== undefined) {
    const r = sum(t.createdAt, finalResolved, paused);
    e.resWall = r.wall;
    e.resBiz = r.biz;
    const a = sum(firstAgent!, finalResolved, isPending);
    e.ahtWall = a.wall;
    e.ahtBiz = a.biz;
    const reopened = timeline.some((x, i) => i > 0 && timeline[i - 1]!.status === 'resolved' && !isDone(x.status));
    e.fcr = agents.length === 1 && !reopened;
  }
  // The resolution clock stops at the first resolution; breached then, it stays breached. Met,
  // a reopening resumes it (the resolved span does not count) until the ticket is resolved again.
  const firstResolved = resolves[0]?.at;
  const resTarget = resTargetMin[t.priority]! * MIN;
  if (firstResolved !== undefined) {
    if (sum(t.createdAt, firstResolved, paused).biz > resTarget) e.resSla = 'breached';
    else if (finalResolved !== undefined)
      e.resSla =
        sum(t.createdAt, finalResolved, (s) => paused(s) || s === 'resolved').biz <= resTarget ? 'met' : 'breached';
  }
  const rated = t.steps.filter((s) => s.kind === 'csat');
  const last = rated[rated.length - 1];
  if (last && last.kind === 'csat') e.csat = last.score;
  return e;
}
