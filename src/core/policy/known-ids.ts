import { builtinCalendarId, defaultStatuses } from './defaults.ts';
import type { PolicyDoc } from './types.ts';

/** The ids a policy defines, which its sections refer to. */
export interface KnownIds {
  channelIds: Set<string>;
  channelKinds: Set<string>;
  categoryIds: Set<string>;
  levels: string[];
  statusIds: Set<string>;
  agentIds: Set<string>;
  groupIds: Set<string>;
  /** The built-in always-open calendar included. */
  calendarIds: Set<string>;
  scripts: Set<string>;
  /** Declared ticket fields (`fields:`). */
  fieldIds: Set<string>;
}

const ids = (list: readonly unknown[] | undefined) =>
  new Set(
    (list ?? []).flatMap((x) =>
      x !== null && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string'
        ? [(x as { id: string }).id]
        : [],
    ),
  );

/** Collected before any section is checked (a well-formed document: see config/well-formed.ts). */
export function knownIds(doc: PolicyDoc): KnownIds {
  const categoryIds = ids(doc.categories);
  for (const c of doc.categories) {
    if (!c) continue;
    for (const child of ids(c.children)) categoryIds.add(`${c.id}/${child}`);
  }
  const calendarIds = ids(doc.calendars);
  calendarIds.add(builtinCalendarId);
  return {
    channelIds: ids(doc.channels),
    channelKinds: new Set(doc.channels.filter(Boolean).map((c) => c.kind)),
    categoryIds,
    levels: doc.priorities.levels,
    statusIds: ids(doc.statuses ?? defaultStatuses),
    agentIds: ids(doc.agents),
    groupIds: ids(doc.routing.groups),
    calendarIds,
    scripts: new Set(Object.keys(doc.scripts ?? {})),
    fieldIds: ids(doc.fields),
  };
}
