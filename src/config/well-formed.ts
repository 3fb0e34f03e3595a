import type { PolicyDoc } from '../core/policy/types.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The well-formed part of a policy that may have failed the schema, shaped so cross-checks can
 * run on it: missing lists become empty, entries without a string id are dropped from lists
 * that need ids. Entries keep their index (cross-check pointers must stay true), so a bad entry
 * is replaced by a hole the checks skip. Admins then see reference problems and schema problems
 * in one run instead of fixing them in rounds.
 */
export function wellFormed(data: unknown): PolicyDoc {
  const d = isObject(data) ? data : {};
  const priorities = isObject(d.priorities) ? d.priorities : {};
  const routing = isObject(d.routing) ? d.routing : {};
  return {
    ...d,
    version: 1,
    id: typeof d.id === 'string' ? d.id : '',
    channels: withIds(d.channels),
    categories: withIds(d.categories).map((c) =>
      c.children === undefined ? c : { ...c, children: withIds(c.children) },
    ),
    statuses: d.statuses === undefined ? undefined : withIds(d.statuses),
    classification: rules(d.classification),
    priorities: {
      ...priorities,
      levels: Array.isArray(priorities.levels)
        ? priorities.levels.filter((l): l is string => typeof l === 'string')
        : [],
      default: typeof priorities.default === 'string' ? priorities.default : '',
      rules: rules(priorities.rules),
    },
    calendars: d.calendars === undefined ? undefined : withIds(d.calendars),
    slas: withIds(d.slas).map((s) => ({ ...s, targets: isObject(s.targets) ? s.targets : {} })),
    agents: d.agents === undefined ? undefined : withIds(d.agents),
    routing: {
      ...routing,
      groups: withIds(routing.groups).map((g) => ({ ...g, members: Array.isArray(g.members) ? g.members : [] })),
      fallback: routing.fallback,
      rules: rules(routing.rules),
    },
    scripts: isObject(d.scripts)
      ? Object.fromEntries(
          Object.entries(d.scripts)
            .filter(([, v]) => isObject(v))
            .map(([k, v]) => [
              k,
              Object.fromEntries(Object.entries(v as object).filter(([, t]) => typeof t === 'string')),
            ]),
        )
      : undefined,
  } as unknown as PolicyDoc;
}

/** An entry of an unchecked list, read by the shape checks below. */
// biome-ignore lint/suspicious/noExplicitAny: the lists are unchecked input; each use below tests the fields it reads
type Unchecked = any;

/** Entries with a string id; others become holes (sparse), so indices stay the same. */
function withIds(list: unknown): Unchecked[] {
  if (!Array.isArray(list)) return [];
  const out: Unchecked[] = [];
  list.forEach((v, i) => {
    if (isObject(v) && typeof v.id === 'string') out[i] = v;
  });
  return out;
}

function rules(list: unknown): Unchecked[] | undefined {
  if (list === undefined) return undefined;
  const out: Unchecked[] = [];
  withIds(list).forEach((r, i) => {
    if (isObject(r.event) && typeof r.event.type === 'string' && isObject(r.conditions)) out[i] = r;
  });
  return out;
}
