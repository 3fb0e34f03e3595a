import type { KnownIds } from './known-ids.ts';
import type { MigrateMap, UsedKind } from './policy-use.ts';
import type { PointedProblem } from './problem.ts';
import type { PolicyDoc } from './types.ts';
import { didYouMean } from '../util/suggest.ts';

/**
 * The `migrate:` section: each key is an id this policy no longer defines (a move away from a
 * value the policy still has would repeat at every start), each target one it defines; only an
 * agent may map to null.
 */
export function checkMigrate(doc: PolicyDoc, ids: KnownIds): PointedProblem[] {
  const migrate = (doc.migrate ?? {}) as MigrateMap;
  const slaIds = new Set((doc.slas ?? []).flatMap((s) => (s && typeof s.id === 'string' ? [s.id] : [])));
  const known: Record<UsedKind, Set<string>> = {
    groups: ids.groupIds,
    agents: ids.agentIds,
    categories: ids.categoryIds,
    statuses: ids.statusIds,
    priorities: new Set(ids.levels),
    channels: ids.channelIds,
    slas: slaIds,
  };
  const out: PointedProblem[] = [];
  for (const [kind, map] of Object.entries(migrate) as [UsedKind, Record<string, string | null>][]) {
    const defined = known[kind];
    if (!defined || !map || typeof map !== 'object') continue;
    for (const [from, to] of Object.entries(map)) {
      const at = `/migrate/${kind}/${from.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (defined.has(from))
        out.push({
          path: at,
          code: 'SWB_CONFIG_MIGRATE',
          message: `migrate.${kind} moves tickets away from "${from}", which this policy still defines; remove the entry (or remove "${from}" from the policy)`,
        });
      if (to === null) continue;
      if (typeof to === 'string' && !defined.has(to))
        out.push({
          path: at,
          code: 'SWB_CONFIG_UNKNOWN_REF',
          message: `migrate.${kind}.${from} → "${to}" is not defined by this policy${didYouMean(to, [...defined])}`,
        });
    }
  }
  return out;
}
