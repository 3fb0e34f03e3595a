import { describe, expect, it } from 'vitest';
import { emptyBucket } from '../../src/core/metrics/bucket.ts';
import { bucketMembers, bucketUnpacker, packBucket } from '../../src/core/metrics/packed-bucket.ts';

describe('saved metrics buckets', () => {
  it('pack to their values without trailing zeros and unpack to the same bucket', () => {
    const b = {
      ...emptyBucket(),
      tickets: 3,
      responded: 2,
      frtWall: 1500,
      csatScores: [0, 1, 0, 2, 0] as [number, number, number, number, number],
    };
    const packed = packBucket(b);
    expect(packed.length).toBeLessThan(bucketMembers.length);
    expect(bucketUnpacker(bucketMembers)(packed)).toEqual(b);
    expect(packBucket(emptyBucket()).filter((v) => v !== 0)).toEqual([[0, 0, 0, 0, 0]]);
  });

  it('read under the names they were saved with: unknown members dropped, missing ones zero', () => {
    // saved by a version whose buckets had a member this one lacks, and lacked `responded`
    const names = ['tickets', 'retired', ...bucketMembers.filter((k) => k !== 'tickets' && k !== 'responded')];
    const packed = [7, 99, 1200];
    const b = bucketUnpacker(names)(packed);
    expect(b).toEqual({ ...emptyBucket(), tickets: 7, [names[2]!]: 1200 });
    expect(b.responded).toBe(0);
    expect('retired' in b).toBe(false);
  });
});
