import type { AgentView } from '../routing-views.ts';

/** One channel kind of an agent's work: open tickets against the most the policy allows (null: no cap). */
export interface KindLoad {
  kind: string;
  load: number;
  capacity: number | null;
}

/** One agent on the supervisor's board. */
export interface BoardAgent {
  id: string;
  name: string;
  presence: AgentView['presence'];
  presenceSince?: string;
  onShift: boolean;
  absent: AgentView['absent'];
  groups: readonly string[];
  /** Open tickets (all kinds) and the `total` cap, null when the policy sets none. */
  load: number;
  capacity: number | null;
  /** Each capped kind and each kind with work, capped kinds first in the policy's order. */
  kinds: KindLoad[];
  /** The fullest capped share (0..1+, load ÷ capacity over `total` and every kind); null when nothing is capped. */
  utilisation: number | null;
}

/**
 * The agent board: every agent of the live policy (or of one group: its members and its lead)
 * with presence as routing holds it, whether the shift calendar is open now, and load against
 * capacity per channel kind.
 */
export function agentBoard(
  agents: readonly AgentView[],
  group: string | undefined,
  leads: (g: string) => string | undefined,
): BoardAgent[] {
  const lead = group === undefined ? undefined : leads(group);
  return agents
    .filter((a) => group === undefined || a.groups.includes(group) || a.id === lead)
    .map((a) => {
      const { total: capTotal, ...capKinds } = a.capacity;
      const kinds: KindLoad[] = Object.entries(capKinds).map(([kind, capacity]) => ({
        kind,
        load: a.load.byKind[kind] ?? 0,
        capacity,
      }));
      for (const [kind, load] of Object.entries(a.load.byKind))
        if (!(kind in capKinds) && load > 0) kinds.push({ kind, load, capacity: null });
      const shares = kinds.flatMap((k) => (k.capacity === null ? [] : [share(k.load, k.capacity)]));
      if (capTotal !== undefined) shares.push(share(a.load.total, capTotal));
      const utilisation = shares.length ? Math.round(Math.max(...shares) * 10000) / 10000 : null;
      return {
        id: a.id,
        name: a.name,
        presence: a.presence,
        ...(a.presenceSince ? { presenceSince: a.presenceSince } : {}),
        onShift: a.onShift,
        absent: a.absent,
        groups: a.groups,
        load: a.load.total,
        capacity: capTotal ?? null,
        kinds,
        utilisation,
      };
    });
}

/** A cap of 0 with work on it counts as full. */
const share = (load: number, capacity: number) => (capacity > 0 ? load / capacity : load > 0 ? 1 : 0);
