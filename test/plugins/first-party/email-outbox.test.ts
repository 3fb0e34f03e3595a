/**
 * The email outbox on real files: what was put and not done is there after a reopen (a restart),
 * a torn last line is skipped, mail an older version left as `<id>.json` files is taken in, and
 * given-up mail is in dead/.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMailOutbox } from '../../../plugins/email/mail-outbox.ts';
import { tempDir } from '../../helpers/server.ts';

interface Mail {
  id: string;
  text: string;
  attempts: number;
}

describe('email outbox (outbox/journal.jsonl)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });
  const dir = async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    return t.dir;
  };

  it('a put resolves once written; after a reopen what waits is there, what was done is not', async () => {
    const d = await dir();
    const box = openMailOutbox<Mail>(d);
    await Promise.all(Array.from({ length: 50 }, (_, i) => box.put({ id: `r${i}`, text: `mail ${i}`, attempts: 0 })));
    for (let i = 0; i < 50; i += 2) box.remove(`r${i}`);
    await box.put({ id: 'r1', text: 'mail 1', attempts: 3 });
    expect(box.size()).toBe(25);
    box.close();

    const again = openMailOutbox<Mail>(d);
    expect(
      again
        .list()
        .map((m) => m.id)
        .sort(),
    ).toEqual(Array.from({ length: 25 }, (_, i) => `r${2 * i + 1}`).sort());
    expect(again.get('r1')).toEqual({ id: 'r1', text: 'mail 1', attempts: 3 });
    expect(again.get('r0')).toBeUndefined();
    again.close();
    // the reopen rewrote the journal with only the waiting mail
    const lines = readdirSync(join(d, 'outbox'));
    expect(lines).toEqual(['journal.jsonl']);
  });

  it('skips a torn last line and takes in <id>.json files of an older version', async () => {
    const d = await dir();
    const box = openMailOutbox<Mail>(d);
    await box.put({ id: 'a', text: 'kept', attempts: 0 });
    box.close();
    appendFileSync(join(d, 'outbox', 'journal.jsonl'), '{"op":"put","entry":{"id":"b","te');
    writeFileSync(join(d, 'outbox', 'old.json'), JSON.stringify({ id: 'old', text: 'from before', attempts: 1 }));
    const again = openMailOutbox<Mail>(d);
    expect(
      again
        .list()
        .map((m) => m.id)
        .sort(),
    ).toEqual(['a', 'old']);
    expect(existsSync(join(d, 'outbox', 'old.json'))).toBe(false);
    await again.put({ id: 'c', text: 'after', attempts: 0 });
    again.close();
    expect(
      openMailOutbox<Mail>(d)
        .list()
        .map((m) => m.id)
        .sort(),
    ).toEqual(['a', 'c', 'old']);
  });

  it('buried mail leaves the outbox for dead/ and is still known', async () => {
    const d = await dir();
    mkdirSync(d, { recursive: true });
    const box = openMailOutbox<Mail>(d);
    await box.put({ id: 'x', text: 'refused', attempts: 0 });
    box.bury({ id: 'x', text: 'refused', attempts: 10 });
    expect(box.list()).toEqual([]);
    expect(box.has('x')).toBe(true);
    box.close();
    const again = openMailOutbox<Mail>(d);
    expect(again.list()).toEqual([]);
    expect(again.has('x')).toBe(true);
    expect(again.dead()).toEqual([{ id: 'x', text: 'refused', attempts: 10 }]);
    again.close();
  });
});
