/**
 * The JSON text a store just wrote for an object, so that answering with the same object does
 * not serialise it again (a ticket is ~2–3 KB of JSON; create answers with what it stored).
 * Keyed weakly by identity: an entry lives as long as its object. Correct as long as the object
 * is not changed after it was stored, which holds for tickets (every change makes a new object);
 * if one were, the answer would show what was stored. Each store owns one.
 */
export interface JsonMemo {
  /** Records that `json` is `JSON.stringify(value)`. */
  remember(value: object, json: string): void;
  /** The text recorded for this object, if any. */
  recall(value: unknown): string | undefined;
}

export function createJsonMemo(): JsonMemo {
  const memo = new WeakMap<object, string>();
  return {
    remember: (value, json) => {
      memo.set(value, json);
    },
    recall: (value) => (value !== null && typeof value === 'object' ? memo.get(value) : undefined),
  };
}
