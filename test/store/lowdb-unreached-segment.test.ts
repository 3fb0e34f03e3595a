import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { segmentName } from '../../src/store/lowdb/segments.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

describe('lowdb: killed between creating the next segment and writing the snapshot', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('opens with every record when an empty newest segment follows one that never got its end line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'swb-unreached-'));
    const first = createLowdbStore({ dir, snapshotOnClose: false });
    await first.open();
    for (let i = 1; i <= 5; i++) await first.insert(makeTicket({ id: `t${i}` }));
    await first.close();
    // what a compaction at record 8 leaves when the process dies before records 6-8, the end line
    // and the snapshot reach the disk: only the next segment's empty file
    await writeFile(join(dir, segmentName(9)), '', { mode: 0o600 });

    const reopened = createLowdbStore({ dir, snapshotOnClose: false });
    await reopened.open();
    expect((await reopened.list({})).items.map((t) => t.id).sort()).toEqual(['t1', 't2', 't3', 't4', 't5']);
    await reopened.insert(makeTicket({ id: 't6' }));
    await reopened.close();
    expect((await readdir(dir)).filter((f) => f.startsWith('journal-'))).not.toContain(segmentName(9));

    const again = createLowdbStore({ dir, snapshotOnClose: false });
    await again.open();
    expect(await again.get('t6')).toBeDefined();
    await again.close();
  });
});
