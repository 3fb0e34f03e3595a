import { jsonMembers, type JsonMember } from './json-members.ts';

/**
 * A change of one stored ticket as the journal keeps it: the members that changed, and for
 * arrays that only grew (replies, history, tasks) just the new elements. Written as JSON text:
 * `{"id":…,"from":<version it applies to>,"keys":[member order],"set":{…},"add":{…}}`.
 */
interface ParsedDelta {
  id: string;
  from: number;
  keys: string[];
  set: Record<string, unknown>;
  add: Record<string, unknown[]>;
}

/** Tickets smaller than this are journaled whole: writing them costs less than comparing. */
export const deltaMinBytes = 16 * 1024;

/**
 * The delta taking `before` (the stored text of version `from`) to `after`, as JSON text, when
 * it is much smaller than `after`; undefined when the whole ticket should be written instead.
 * The delta is applied to `before` here and kept only when that gives `after` exactly, so the
 * journal never holds a change it could not replay.
 */
export function ticketDelta(id: string, from: number, before: string, after: string): string | undefined {
  if (before.length < deltaMinBytes) return undefined;
  const old = jsonMembers(before);
  const now = jsonMembers(after);
  if (!old || !now) return undefined;
  const previous = byKey(old);
  const set: string[] = [];
  const add: string[] = [];
  let size = 0;
  for (const { key, value } of now) {
    const was = previous.get(key);
    if (was === value) continue;
    if (was !== undefined && grewBy(was, value)) {
      const tail = `[${value.slice(was.length, -1)}]`;
      add.push(`${key}:${tail}`);
      size += tail.length;
    } else {
      set.push(`${key}:${value}`);
      size += value.length;
    }
    if (size > after.length / 2) return undefined;
  }
  const delta = `{"id":${JSON.stringify(id)},"from":${from},"keys":[${now.map((m) => m.key).join(',')}],"set":{${set.join(',')}},"add":{${add.join(',')}}}`;
  return rebuild(previous, JSON.parse(delta) as ParsedDelta) === after ? delta : undefined;
}

/** Member values by their quoted key text, as written. */
const byKey = (members: JsonMember[]) => new Map<string, string>(members.map((m) => [m.key, m.value]));

/** `value` is the array `was` with elements appended (both non-empty compact JSON arrays). */
function grewBy(was: string, value: string): boolean {
  return (
    was.length > 2 &&
    was.charCodeAt(0) === 0x5b &&
    value.length > was.length &&
    value.charCodeAt(was.length - 1) === 0x2c &&
    value.startsWith(was.slice(0, -1))
  );
}

/** The ticket's stored text after the delta; undefined when `before` is not a ticket's text. */
export function applyTicketDelta(before: string, delta: string): string | undefined {
  const old = jsonMembers(before);
  return old && rebuild(byKey(old), JSON.parse(delta) as ParsedDelta);
}

/** The new text from the old members (by quoted key) and a parsed delta; undefined when they do not fit. */
function rebuild(previous: Map<string, string>, d: ParsedDelta): string | undefined {
  const parts: string[] = [];
  for (const name of d.keys) {
    const key = JSON.stringify(name);
    let value: string | undefined;
    if (Object.hasOwn(d.set, name)) value = JSON.stringify(d.set[name]);
    else if (Object.hasOwn(d.add, name)) {
      const was = previous.get(key);
      if (was === undefined) return undefined;
      value = `${was.slice(0, -1)},${JSON.stringify(d.add[name]).slice(1)}`;
    } else value = previous.get(key);
    if (value === undefined) return undefined;
    parts.push(`${key}:${value}`);
  }
  return `{${parts.join(',')}}`;
}
