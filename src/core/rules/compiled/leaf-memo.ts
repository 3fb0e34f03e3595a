import type { Facts } from '../types.ts';
import type { Read } from './read-fact.ts';

/**
 * Leaves of `pure` operators (the answer depends only on the fact value and the rule's value)
 * with a literal string value: identical leaves across a rule set's rules become one closure that
 * remembers its answer for the last string it saw. Policies repeat the same test (a subject
 * regex, a category prefix) in many rules; the ticket's text is the same for all of them.
 */
export interface LeafMemo {
  leaf(signature: string, read: Read, answer: (factValue: unknown) => unknown): (facts: Facts) => unknown;
}

export function createLeafMemo(): LeafMemo {
  const shared = new Map<string, (facts: Facts) => unknown>();
  return {
    leaf(signature, read, answer) {
      const known = shared.get(signature);
      if (known) return known;
      let lastFact: string | undefined;
      let lastAnswer: unknown;
      const run = (f: Facts) => {
        const a = read(f);
        if (typeof a !== 'string') return answer(a);
        if (a === lastFact) return lastAnswer;
        const r = answer(a);
        lastFact = a;
        lastAnswer = r;
        return r;
      };
      shared.set(signature, run);
      return run;
    },
  };
}
