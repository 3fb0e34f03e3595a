import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/postgres/batcher.ts';

/** A run() whose batches the test releases by hand, recording what each one held. */
function gatedRun<I>() {
  const batches: I[][] = [];
  const gates: Array<() => void> = [];
  return {
    batches,
    release: () => gates.shift()?.(),
    run: async (inputs: I[]) => {
      batches.push(inputs);
      await new Promise<void>((resolve) => gates.push(resolve));
      return inputs.map((i) => (String(i).startsWith('bad') ? new Error(`refused ${String(i)}`) : `done ${String(i)}`));
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('write batcher (group commit for PostgreSQL writes)', () => {
  it('sends a lone write at once, and everything pushed while it is in flight as the next batch', async () => {
    const g = gatedRun<string>();
    const b = createBatcher({ run: g.run });
    const first = b.push('a');
    await tick();
    expect(g.batches).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((x) => b.push(x));
    await tick();
    expect(g.batches).toHaveLength(1); // waits for the batch in flight
    g.release();
    expect(await first).toBe('done a');
    await tick();
    expect(g.batches).toEqual([['a'], ['b', 'c', 'd']]);
    g.release();
    expect(await Promise.all(rest)).toEqual(['done b', 'done c', 'done d']);
    expect(b.pending).toBe(0);
  });

  it('fails only the input its run() answered with an Error, and every input of a batch that threw', async () => {
    const g = gatedRun<string>();
    const b = createBatcher({ run: g.run });
    const out = Promise.allSettled(['ok1', 'bad2', 'ok3'].map((x) => b.push(x)));
    await tick();
    g.release();
    expect((await out).map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'done ok1',
      'refused bad2',
      'done ok3',
    ]);

    let calls = 0;
    const broken = createBatcher<string, string>({
      run: async (inputs) => {
        if (++calls === 1) throw new Error('connection lost');
        return inputs;
      },
    });
    const lost = Promise.allSettled([broken.push('x'), broken.push('y')]);
    expect((await lost).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await broken.push('z')).toBe('z'); // the next batch goes out normally
  });

  it("re-runs a batch that failed for one input's sake input by input, so only that input fails", async () => {
    const runs: string[][] = [];
    const b = createBatcher<string, string>({
      isolate: (err) => (err as Error).message === 'constraint',
      run: async (xs) => {
        runs.push(xs);
        if (xs.includes('bad')) throw new Error(xs.length > 1 || xs[0] === 'bad' ? 'constraint' : 'other');
        return xs.map((x) => `ok ${x}`);
      },
    });
    const first = b.push('warm-up');
    await Promise.resolve(); // the warm-up is on its way; the next three queue behind it
    const out = Promise.allSettled(['a', 'bad', 'c'].map((x) => b.push(x)));
    await first;
    expect((await out).map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'ok a',
      'constraint',
      'ok c',
    ]);
    expect(runs).toEqual([['warm-up'], ['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);

    // a failure that is not one input's fault fails the whole batch at once
    const down = createBatcher<string, string>({
      isolate: () => false,
      run: async () => {
        throw new Error('connection lost');
      },
    });
    const lost = await Promise.allSettled([down.push('x'), down.push('y')]);
    expect(lost.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('never puts two inputs with one key in a batch, and keeps each key in push order', async () => {
    const g = gatedRun<string>();
    const b = createBatcher({ run: g.run, key: (s: string) => s[0]! });
    const all = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2'].map((x) => b.push(x));
    for (let i = 0; i < 3; i++) {
      await tick();
      g.release();
    }
    await Promise.all(all);
    expect(g.batches).toEqual([['a1', 'b1', 'c1'], ['a2', 'b2'], ['a3']]);
  });

  it('caps a batch at max inputs', async () => {
    const sizes: number[] = [];
    const b = createBatcher<number, number>({ max: 4, run: async (xs) => (sizes.push(xs.length), xs) });
    expect(await Promise.all(Array.from({ length: 10 }, (_, i) => b.push(i)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('tells when everything pushed so far is answered', async () => {
    const g = gatedRun<string>();
    const b = createBatcher({ run: g.run });
    await b.drained(); // nothing pending
    const w = [b.push('a'), b.push('b')];
    let drained = false;
    const d = b.drained().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    g.release();
    await Promise.all([...w, d]);
    expect(drained).toBe(true);
  });
});
