import { describe, expect, it } from 'vitest';
import { lowdbSettings } from '../../src/store/lowdb/options.ts';

describe('when the lowdb store snapshots', () => {
  it('by default after as many journal records as hot tickets (at least 10,000), so snapshots cost O(1) per write', () => {
    const s = lowdbSettings({ dir: 'x' });
    expect(s.everyRecords(0)).toBe(10_000);
    expect(s.everyRecords(50_000)).toBe(50_000);
    expect(s.everyRecords(400_000)).toBe(400_000);
  });
  it('after exactly the configured number of records when one is given', () => {
    const s = lowdbSettings({ dir: 'x', snapshotEveryRecords: 150 });
    expect(s.everyRecords(0)).toBe(150);
    expect(s.everyRecords(50_000)).toBe(150);
  });
});
