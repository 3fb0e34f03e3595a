/**
 * Deadlines kept in the database so that, with several runtime processes, each one fires
 * exactly once. A process claims due timers (exclusively, for a lease), acts on them, then
 * completes them. A claim whose process died is released when its lease runs out.
 */
export interface StoredTimer {
  ticketId: string;
  /** What fires, e.g. `sla` (the SLA runner's one timer per ticket) or `resolution.breach`. */
  kind: string;
  dueAt: Date;
  /**
   * The ticket version the deadline was computed from. A write carrying an older version than
   * the stored one is ignored, so arms from two processes that land out of order never move a
   * deadline back to a stale instant. Omitted: the write always wins.
   */
  version?: number;
}

export interface ClaimedTimer extends StoredTimer {
  owner: string;
  /** Until when nobody else may claim it. */
  leaseUntil: Date;
}

export interface TimerStore {
  /**
   * Sets (or moves) the deadline of each (ticketId, kind); a moved timer loses any claim.
   * With versions: ignored when the stored version is newer, or equal with the same instant
   * (then a live claim is kept, so complete() can delete it). One entry per (ticketId, kind).
   */
  arm(timers: StoredTimer[]): Promise<void>;
  /** Removes a ticket's timers (all kinds, or the listed ones); with `version`, not those armed from a newer one. */
  disarm(ticketId: string, kinds?: string[], opts?: { version?: number }): Promise<void>;
  /**
   * Claims up to `limit` timers due at `now` that nobody holds (or whose lease ran out),
   * earliest first. Two concurrent callers never receive the same timer.
   */
  claimDue(now: Date, limit: number, owner: string, leaseMs?: number): Promise<ClaimedTimer[]>;
  /** Deletes claimed timers that fired; a timer re-armed meanwhile (new dueAt) is kept. */
  complete(claims: ClaimedTimer[]): Promise<number>;
  /** Keeps claims that could not be acted on until `until`, when anyone may claim them again (a retry). */
  postpone(claims: ClaimedTimer[], until: Date): Promise<number>;
  /** The earliest deadline not currently held by a live claim, to know how long to sleep. */
  nextDue(now: Date): Promise<Date | undefined>;
  list(ticketId: string): Promise<StoredTimer[]>;
}
