import { emptyBucket, type Bucket } from './bucket.ts';

/**
 * A bucket saved as the values of its members in a named order, trailing zeros left out: most
 * cells have no calls, no CSAT and no FCR, so a cell saves in a fifth of the text its object
 * takes. The saved metrics carry the names (`bucketMembers`), so a bucket saved before a member
 * was added still reads: a name this version does not know is dropped, a missing one stays 0.
 */
export const bucketMembers: readonly (keyof Bucket)[] = Object.keys(emptyBucket()) as (keyof Bucket)[];

export type PackedBucket = (number | number[])[];

export function packBucket(b: Bucket): PackedBucket {
  const out: PackedBucket = bucketMembers.map((k) => b[k] as number | number[]);
  let n = out.length;
  while (n > 0 && out[n - 1] === 0) n--;
  out.length = n;
  return out;
}

/** Unpacks buckets saved under `names` (the order they were packed in). */
export function bucketUnpacker(names: readonly string[]): (packed: PackedBucket) => Bucket {
  const known = new Set<string>(bucketMembers);
  const slots = names.map((name) => (known.has(name) ? (name as keyof Bucket) : undefined));
  return (packed) => {
    const b = emptyBucket() as unknown as Record<string, unknown>;
    for (let i = 0; i < packed.length; i++) {
      const slot = slots[i];
      if (slot !== undefined) b[slot] = packed[i];
    }
    return b as unknown as Bucket;
  };
}
