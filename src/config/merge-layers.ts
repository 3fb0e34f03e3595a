import type { Problem } from '../core/policy/problem.ts';
import { locate, type SourceMap } from './source-map.ts';
import { LazySourceMap } from './lazy-source-map.ts';

/** One policy (all files of one directory) before it is laid over what it extends. */
export interface Layer {
  data: Record<string, unknown>;
  map: SourceMap;
}

/** Keys an overriding list entry may carry to steer the merge; never part of the result. */
export const directiveKeys = ['replace', 'remove', 'before', 'after'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasId = (v: unknown): v is Record<string, unknown> & { id: string } => isObject(v) && typeof v.id === 'string';
const seg = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Source pointer → result pointer (null: that subtree did not survive the merge). */
type Moves = Map<string, string | null>;

/**
 * Lays `over` (the extending policy) on `base` (what it extends). Rules, documented in docs/policy.md
 * "Merge rules": maps merge key by key; lists whose entries all have an `id` merge by id (same
 * id: deep merge, or `replace: true` to swap the entry, `remove: true` to drop it; new ids are
 * appended, or placed with `before:`/`after:` an id); any other list, and any scalar, is
 * replaced. Positions follow the values, so problems name the file that wrote them.
 */
export function mergeLayers(base: Layer, over: Layer): { layer: Layer; problems: Problem[] } {
  const problems: Problem[] = [];
  const baseMoves: Moves = new Map([['', '']]);
  const overMoves: Moves = new Map([['', '']]);
  const warn = (overPtr: string, message: string, preferKey = false) => {
    const pos = locate(over.map, overPtr, preferKey) ?? { file: '?', line: 1, col: 1 };
    problems.push({
      file: pos.file,
      line: pos.line,
      col: pos.col,
      code: 'SWB_CONFIG_EXTENDS',
      message,
      path: overPtr,
      severity: 'warning',
    });
  };

  const merge = (b: unknown, o: unknown, bPtr: string, oPtr: string, outPtr: string): unknown => {
    baseMoves.set(bPtr, outPtr);
    overMoves.set(oPtr, outPtr);
    if (isObject(b) && isObject(o)) {
      const out: Record<string, unknown> = { ...b };
      for (const [k, v] of Object.entries(o)) {
        out[k] = k in b ? merge(b[k], v, `${bPtr}/${seg(k)}`, `${oPtr}/${seg(k)}`, `${outPtr}/${seg(k)}`) : v;
      }
      return out;
    }
    if (Array.isArray(b) && Array.isArray(o) && o.every(hasId) && b.every(hasId) && o.length > 0) {
      return mergeById(b, o, bPtr, oPtr, outPtr);
    }
    baseMoves.set(bPtr, null);
    overMoves.set(oPtr, outPtr);
    return o;
  };

  const mergeById = (
    b: Record<string, unknown>[],
    o: Record<string, unknown>[],
    bPtr: string,
    oPtr: string,
    outPtr: string,
  ) => {
    type Entry = { id: string; value: unknown; from: { list: 'b' | 'o'; index: number }[] };
    const entries: Entry[] = b.map((v, i) => ({ id: String(v.id), value: v, from: [{ list: 'b', index: i }] }));
    // Only an inherited entry not yet overridden can be targeted: a second override of one id
    // in the same layer is kept as a separate entry, so cross-checks report the duplicate.
    const find = (id: string) =>
      entries.findIndex((e) => e.id === id && e.from.length === 1 && e.from[0]!.list === 'b');
    const findAny = (id: string) => entries.findIndex((e) => e.id === id);
    o.forEach((raw, j) => {
      const at = `${oPtr}/${j}`;
      const item = strip(raw);
      const id = String(raw.id);
      const i = find(id);
      if (raw.remove === true) {
        if (i < 0 && findAny(id) >= 0)
          warn(at, `"${id}" was already changed or replaced in this layer; remove it there instead`);
        else if (i < 0) warn(at, `nothing to remove: no inherited entry has id "${id}"`);
        else {
          for (const f of entries[i]!.from)
            (f.list === 'b' ? baseMoves : overMoves).set(`${f.list === 'b' ? bPtr : oPtr}/${f.index}`, null);
          entries.splice(i, 1);
        }
        overMoves.set(at, null);
        return;
      }
      if (i >= 0 && raw.replace !== true) {
        entries[i]!.from.push({ list: 'o', index: j });
        entries[i]!.value = { pending: true, b: entries[i]!.value, o: item, oIndex: j };
        return;
      }
      if (i >= 0) {
        for (const f of entries[i]!.from) if (f.list === 'b') baseMoves.set(`${bPtr}/${f.index}`, null);
        entries[i] = { id, value: item, from: [{ list: 'o', index: j }] };
        return;
      }
      const entry: Entry = { id, value: item, from: [{ list: 'o', index: j }] };
      const anchor =
        typeof raw.before === 'string' ? raw.before : typeof raw.after === 'string' ? raw.after : undefined;
      if (anchor !== undefined) {
        const k = findAny(anchor);
        if (k < 0) {
          warn(
            `${at}/${raw.before !== undefined ? 'before' : 'after'}`,
            `no entry with id "${anchor}" to place "${id}" ${raw.before !== undefined ? 'before' : 'after'}; appended at the end`,
          );
          entries.push(entry);
        } else entries.splice(raw.before !== undefined ? k : k + 1, 0, entry);
      } else entries.push(entry);
    });
    return entries.map((e, n) => {
      const out = `${outPtr}/${n}`;
      const v = e.value as { pending?: boolean; b: unknown; o: unknown; oIndex: number };
      const bFrom = e.from.find((f) => f.list === 'b');
      if (isObject(v) && v.pending === true && bFrom)
        return merge(v.b, v.o, `${bPtr}/${bFrom.index}`, `${oPtr}/${v.oIndex}`, out);
      for (const f of e.from)
        (f.list === 'b' ? baseMoves : overMoves).set(`${f.list === 'b' ? bPtr : oPtr}/${f.index}`, out);
      return e.value;
    });
  };

  const data = merge(base.data, over.data, '', '', '') as Record<string, unknown>;
  // Positions follow the moves when first asked for (a later value at a pointer wins).
  const map = new LazySourceMap((into) => {
    for (const [p, pos] of base.map) {
      const to = move(p, baseMoves);
      if (to !== null) into(to, pos);
    }
    for (const [p, pos] of over.map) {
      const to = move(p, overMoves);
      if (to !== null) into(to, pos);
    }
  });
  return { layer: { data, map }, problems };
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  if (!directiveKeys.some((k) => k in item)) return item;
  const out = { ...item };
  for (const k of directiveKeys) delete out[k];
  return out;
}

/** Where a source pointer landed: its nearest moved ancestor plus the rest of the path. */
function move(pointer: string, moves: Moves): string | null {
  let p = pointer;
  for (;;) {
    const to = moves.get(p);
    if (to !== undefined) return to === null ? null : to + pointer.slice(p.length);
    if (p === '') return pointer;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
