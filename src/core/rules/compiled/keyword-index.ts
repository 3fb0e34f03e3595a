import type { Facts } from '../types.ts';
import type { Read } from './read-fact.ts';

/**
 * One keyword matcher per rule set and fact: all literal keyword lists of `containsAny` /
 * `containsAll` leaves reading the same fact (and path) go into one Aho-Corasick automaton over
 * the lowercased text, so a ticket's text is scanned once, not once per rule and keyword. The
 * answer is the operator's own: a keyword matches when `text.toLowerCase().includes(
 * keyword.toLowerCase())` (UTF-16 code units, the empty keyword always); array facts and other
 * values keep the operator's semantics (`includes`, or false).
 */
export interface KeywordIndexBuilder {
  /** A leaf's condition; `keywords` is the rule's literal value as a list. */
  leaf(key: string, read: Read, keywords: readonly unknown[], mode: 'any' | 'all'): (facts: Facts) => boolean;
  /** Builds the automata; leaves must not run before. */
  finish(): void;
}

interface Group {
  ids: Map<string, number>;
  match?: (text: string) => Uint8Array;
}

export function createKeywordIndexBuilder(): KeywordIndexBuilder {
  const groups = new Map<string, Group>();
  return {
    leaf(key, read, keywords, mode) {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ids: new Map() }));
      const group = g;
      const strings = keywords.filter((k): k is string => typeof k === 'string');
      const hasOther = strings.length !== keywords.length;
      const ids = Int32Array.from(new Set(strings.map((k) => k.toLowerCase())), (low) => {
        let id = group.ids.get(low);
        if (id === undefined) group.ids.set(low, (id = group.ids.size));
        return id;
      });
      const list = keywords.slice();
      const inArray =
        mode === 'any'
          ? (a: unknown[]) => list.some((k) => a.includes(k))
          : (a: unknown[]) => list.every((k) => a.includes(k));
      if (mode === 'any') {
        return (f) => {
          const a = read(f);
          if (typeof a === 'string') {
            const m = group.match!(a);
            for (let i = 0; i < ids.length; i++) if (m[ids[i]!] === 1) return true;
            return false;
          }
          return Array.isArray(a) && inArray(a);
        };
      }
      return (f) => {
        const a = read(f);
        if (typeof a === 'string') {
          if (hasOther) return false; // a non-string keyword never matches text
          const m = group.match!(a);
          for (let i = 0; i < ids.length; i++) if (m[ids[i]!] !== 1) return false;
          return true;
        }
        return Array.isArray(a) && inArray(a);
      };
    },
    finish() {
      for (const g of groups.values()) g.match = createMatcher([...g.ids.keys()]);
    },
  };
}

/**
 * Which of the (lowercased, distinct) keywords occur in a text, by id. The last text's answer is
 * kept: the leaves of one evaluation (and the rule sets of one ticket) ask about the same text.
 * One buffer, rewritten per new text: leaves read it right after asking, with no call between
 * that could ask about another text.
 */
function createMatcher(keywords: readonly string[]): (text: string) => Uint8Array {
  const automaton = buildAutomaton(keywords);
  const found = new Uint8Array(keywords.length);
  let lastText: string | undefined;
  return (text) => {
    if (text === lastText) return found;
    lastText = undefined; // not valid while rewriting
    found.fill(0);
    automaton.scan(text.toLowerCase(), found);
    lastText = text;
    return found;
  };
}

/** Aho-Corasick over UTF-16 code units; each state's output includes its suffix states'. */
function buildAutomaton(keywords: readonly string[]) {
  const next: Map<number, number>[] = [new Map()];
  const out: number[][] = [[]];
  keywords.forEach((k, id) => {
    let s = 0;
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      let t = next[s]!.get(c);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        out.push([]);
        next[s]!.set(c, t);
      }
      s = t;
    }
    out[s]!.push(id); // the empty keyword lands on the root: found in every text
  });
  const fail = new Int32Array(next.length);
  const queue: number[] = [...next[0]!.values()];
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    for (const [c, t] of next[s]!) {
      let f = fail[s]!;
      while (f !== 0 && !next[f]!.has(c)) f = fail[f]!;
      const g = next[f]!.get(c);
      fail[t] = g !== undefined && g !== t ? g : 0;
      out[t]!.push(...out[fail[t]!]!);
      queue.push(t);
    }
  }
  const outs = out.map((o) => Int32Array.from(new Set(o)));
  const rootOut = outs[0]!;
  const hasOut = Uint8Array.from(outs, (o) => (o.length > 0 ? 1 : 0));
  // ASCII moves as a full table (fail links folded in, states in BFS order so a state's fail
  // target is filled first): one load per character. Other characters walk the fail links.
  const ascii = next.length * 128 <= 1 << 20 ? new Int32Array(next.length * 128) : undefined;
  if (ascii) {
    for (const s of [0, ...queue]) {
      for (let c = 0; c < 128; c++) ascii[s * 128 + c] = next[s]!.get(c) ?? (s === 0 ? 0 : ascii[fail[s]! * 128 + c]!);
    }
  }
  return {
    scan(text: string, found: Uint8Array): void {
      for (let i = 0; i < rootOut.length; i++) found[rootOut[i]!] = 1;
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (ascii !== undefined && c < 128) s = ascii[s * 128 + c]!;
        else {
          let t = next[s]!.get(c);
          while (t === undefined && s !== 0) {
            s = fail[s]!;
            t = next[s]!.get(c);
          }
          s = t ?? 0;
        }
        if (hasOut[s] === 1) {
          const o = outs[s]!;
          for (let j = 0; j < o.length; j++) found[o[j]!] = 1;
        }
      }
    },
  };
}
