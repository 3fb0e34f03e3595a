import { describe, expect, it } from 'vitest';
import { checkDependencies, folderCycles, folderOf } from '../../scripts/check-deps.ts';

describe('the house rules on imports (.dependency-cruiser.cjs)', () => {
  it('holds for src/ and plugins/: no module or folder rings, a pure core, auth below http and realtime', async () => {
    const report = await checkDependencies();
    expect(report.violations).toEqual([]);
    expect(report.folderCycles).toEqual([]);
  }, 60_000);

  it('names folders at the level the rules speak of', () => {
    expect(folderOf('src/core/sla/calendar/index.ts')).toBe('src/core/sla');
    expect(folderOf('src/http/guard.ts')).toBe('src/http');
    expect(folderOf('plugins/webhook/outbox.ts')).toBe('plugins/webhook');
    expect(folderOf('node_modules/express/index.js')).toBeUndefined();
  });

  it('finds a ring of folders however long, and only rings', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set<string>()],
    ]);
    expect(folderCycles(edges)).toEqual([['a', 'b', 'c']]);
    expect(
      folderCycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set<string>()],
        ]),
      ),
    ).toEqual([]);
  });
});
