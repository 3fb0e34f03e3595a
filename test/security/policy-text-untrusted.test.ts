// Issue 20 item 3: policy text is untrusted input. Aliases are limited before any walk of the
// tree, the problems reported are capped, `matches` patterns run on RE2 (linear time), and
// candidates sent over the API are checked in a worker thread with time and memory limits.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPolicyLoader } from '../../src/config/load.ts';
import { createEventBus } from '../../src/core/events/bus.ts';
import { systemClock } from '../../src/core/util/clock.ts';
import { createPolicyHolder } from '../../src/runtime/policy-holder.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { tempDir } from '../helpers/server.ts';

const loader = createPolicyLoader();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Each level lists the previous one nine times: 9^levels values from a few hundred bytes. */
function aliasBomb(levels: number): string {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < levels; i++)
    text += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

const base = (rest: string) => `extends: preset:base\nid: candidate\n${rest}`;

describe('policy text is untrusted input', () => {
  it('an alias bomb is refused at the alias, before anything expands it', () => {
    const text = aliasBomb(6); // 590,000 values once expanded, 6 lines written
    const r = loader.fromTexts([{ file: 'policy.yaml', text }]);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'SWB_CONFIG_ALIAS_LIMIT',
        file: 'policy.yaml',
        line: 6,
        col: 10,
        message: expect.stringContaining('*a4 here alone stands for'),
      }),
    ]);
    // Anchors reused a reasonable number of times still load.
    const reuse = base('x-shared: &hours { from: "09:00", to: "18:00" }\n');
    expect(loader.fromTexts([{ file: 'policy.yaml', text: reuse }]).problems.map((p) => p.code)).not.toContain(
      'SWB_CONFIG_ALIAS_LIMIT',
    );
  });

  it('reports the first 200 problems and how many more there are', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `unknown${i}: 1\n`).join('');
    const r = loader.fromTexts([{ file: 'policy.yaml', text: base(keys) }]);
    expect(r.problems).toHaveLength(201);
    expect(r.problems.slice(0, 200).every((p) => p.code === 'SWB_CONFIG_SCHEMA')).toBe(true);
    expect(r.problems[200]).toMatchObject({
      code: 'SWB_CONFIG_TOO_MANY_PROBLEMS',
      message: expect.stringMatching(/^800 more problem/),
    });
    // Keys written twice are still found (in one pass, not by comparing every pair).
    const twice = loader.fromTexts([{ file: 'policy.yaml', text: base('scripts: {}\nscripts: {}\n') }]);
    expect(twice.problems).toEqual([expect.objectContaining({ code: 'SWB_CONFIG_YAML', line: 4, col: 1 })]);
  });

  it('matches runs in linear time, and patterns RE2 cannot run are refused at load', async () => {
    const rule = (pattern: string) =>
      base(
        `classification:\n  - id: re\n    conditions: { all: [{ fact: subject, operator: matches, value: ${JSON.stringify(pattern)} }] }\n    event: { type: categorize, params: { category: inquiry } }\n`,
      );
    expect(loader.fromTexts([{ file: 'policy.yaml', text: rule('(a+)+$') }]).ok).toBe(true);
    for (const pattern of ['(a)\\1', '(?=refund)refund']) {
      const r = loader.fromTexts([{ file: 'policy.yaml', text: rule(pattern) }]);
      expect(r.problems).toEqual([
        expect.objectContaining({
          code: 'SWB_CONFIG_RULE',
          path: expect.stringMatching(/^\/classification\/\d+\/conditions\/all\/0\/value$/),
          message: expect.stringContaining('not a regular expression Switchboard can match safely'),
        }),
      ]);
    }
    // A backtracking engine needs 2^40 steps for this text; the check runs in a child process so
    // that a regression fails here instead of freezing the test run.
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const script = join(dir, 'match.mts');
    const operators = pathToFileURL(join(root, 'src/core/rules/operators.ts')).href;
    writeFileSync(
      script,
      `import { createOperatorRegistry } from ${JSON.stringify(operators)};\n` +
        `const matches = createOperatorRegistry().get('matches');\n` +
        `console.log(JSON.stringify([matches.evaluate('a'.repeat(40) + '!', '(a+)+$'), matches.evaluate('a'.repeat(40), '(a+)+$')]));\n`,
    );
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', tsxLoader, script], { timeout: 60_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    expect(JSON.parse(out.trim())).toEqual([false, true]);
  });

  it('checks candidates from the API in a worker, ended when it takes too long', async () => {
    const initial = loader.fromTexts([{ file: 'policy.yaml', text: base('') }]);
    if (!initial.ok) throw new Error('the base policy must load');
    const make = (timeoutMs?: number) => {
      const holder = createPolicyHolder({
        loader,
        initial,
        bus: createEventBus({ clock: systemClock }),
        logger: silentLogger,
        ...(timeoutMs !== undefined ? { candidateLimits: { timeoutMs } } : {}),
      });
      cleanups.push(() => holder.close());
      return holder;
    };
    const holder = make();
    const bomb = await holder.validate([{ file: 'policy.yaml', text: aliasBomb(9) }]); // 387 million values
    expect(bomb.problems).toEqual([expect.objectContaining({ code: 'SWB_CONFIG_ALIAS_LIMIT', line: 9 })]);
    expect(await holder.validate([{ file: 'policy.yaml', text: base('') }])).toMatchObject({ ok: true });

    // No check finishes within a millisecond: the worker is ended and the candidate refused.
    const strict = make(1);
    const rules = Array.from(
      { length: 300 },
      (_, i) =>
        `  - { id: r${i}, conditions: { all: [{ fact: subject, operator: containsAny, value: [w${i}] }] }, event: { type: categorize, params: { category: inquiry } } }\n`,
    ).join('');
    const slow = await strict.validate([{ file: 'policy.yaml', text: base(`classification:\n${rules}`) }]);
    expect(slow).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ code: 'SWB_CONFIG_CHECK_LIMIT', message: expect.stringContaining('1 ms') })],
    });
    expect(strict.current()).toBe(initial.policy);
  });

  it('checks a hot reload of the policy files in the worker too: past its limit the edit is refused and the live policy stays', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, base(''));
    const initial = await loader.fromPath(dir);
    if (!initial.ok) throw new Error('the base policy must load');
    const make = (timeoutMs: number) => {
      const holder = createPolicyHolder({
        loader,
        initial,
        path: dir,
        bus: createEventBus({ clock: systemClock }),
        logger: silentLogger,
        candidateLimits: { timeoutMs },
      });
      cleanups.push(() => holder.close());
      return holder;
    };
    writeFileSync(file, base('# an edit\nclassification: []\n'));
    const strict = make(1);
    const refused = await strict.reload();
    expect(refused).toMatchObject({
      ok: false,
      applied: false,
      problems: [expect.objectContaining({ code: 'SWB_CONFIG_CHECK_LIMIT', file: dir })],
    });
    expect(strict.current()).toBe(initial.policy);

    const roomy = make(30_000);
    expect(await roomy.reload()).toMatchObject({ ok: true, applied: true });
    writeFileSync(file, base(aliasBomb(9)));
    expect((await roomy.reload()).problems).toEqual([
      expect.objectContaining({ code: 'SWB_CONFIG_ALIAS_LIMIT', line: 11 }),
    ]);
  });
});

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
