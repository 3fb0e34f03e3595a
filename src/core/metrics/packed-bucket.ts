import { emptyBucket, type Bucket } from './bucket.ts';

/**
 * A bucket saved as the values of its members in a named order, trailing zeros left out: most
 * cells have no calls, no CSAT and no FCR, so a cell saves in a fraction of the text its object
 * takes. A histogram (a Map) is saved as its [key, count] pairs, or 0 when empty. The saved
 * metrics carry the names (`bucketMembers`), so a bucket saved before a member was added still
 * reads: a name this version does not know is dropped, a missing one keeps its empty value.
 */
export const bucketMembers: readonly (keyof Bucket)[] = Object.keys(emptyBucket()) as (keyof Bucket)[];

export type PackedBucket = unknown[];

export function packBucket(b: Bucket): PackedBucket {
  const out: PackedBucket = bucketMembers.map((k) => {
    const v = b[k];
    return v instanceof Map ? (v.size === 0 ? 0 : [...v]) : v;
  });
  let n = out.length;
  while (n > 0 && out[n - 1] === 0) n--;
  out.length = n;
  return out;
}

/** Unpacks buckets saved under `names` (the order they were packed in); `histograms` as in emptyBucket. */
export function bucketUnpacker(names: readonly string[], histograms = true): (packed: PackedBucket) => Bucket {
  const empty = emptyBucket() as unknown as Record<string, unknown>;
  const slots = names.map((name) => (name in empty ? name : undefined));
  return (packed) => {
    const b = emptyBucket(histograms) as unknown as Record<string, unknown>;
    for (let i = 0; i < packed.length; i++) {
      const slot = slots[i];
      if (slot === undefined) continue;
      const v = packed[i];
      if (b[slot] instanceof Map) {
        if (Array.isArray(v) && histograms) b[slot] = new Map(v as [unknown, unknown][]);
      } else b[slot] = v;
    }
    return b as unknown as Bucket;
  };
}
