/**
 * Deadlines kept in the database so that, with several runtime processes, each one fires
 * exactly once. A process claims due timers (exclusively, for a lease), acts on them, then
 * completes them. A claim whose process died is released when its lease runs out.
 */
export interface StoredTimer {
  ticketId: string;
  /** What fires, e.g. `firstResponse.warning` or `resolution.breach`. */
  kind: string;
  dueAt: Date;
}

export interface ClaimedTimer extends StoredTimer {
  owner: string;
  /** Until when nobody else may claim it. */
  leaseUntil: Date;
}

export interface TimerStore {
  /** Sets (or moves) the deadline of each (ticketId, kind); a moved timer loses any claim. */
  arm(timers: StoredTimer[]): Promise<void>;
  /** Removes a ticket's timers (all kinds, or the listed ones). */
  disarm(ticketId: string, kinds?: string[]): Promise<void>;
  /**
   * Claims up to `limit` timers due at `now` that nobody holds (or whose lease ran out),
   * earliest first. Two concurrent callers never receive the same timer.
   */
  claimDue(now: Date, limit: number, owner: string, leaseMs?: number): Promise<ClaimedTimer[]>;
  /** Deletes claimed timers that fired; a timer re-armed meanwhile (new dueAt) is kept. */
  complete(claims: ClaimedTimer[]): Promise<number>;
  /** The earliest deadline not currently held by a live claim, to know how long to sleep. */
  nextDue(now: Date): Promise<Date | undefined>;
  list(ticketId: string): Promise<StoredTimer[]>;
}
