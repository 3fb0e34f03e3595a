import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { policyText } from '../plugins/helpers.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const rule =
  '    - { id: upset, conditions: { all: [{ fact: sentiment, operator: equal, value: negative }] }, event: { type: set-priority, params: { priority: P1 } } }\n';

/** A copy of what `npm start` needs (sources, bin, compiler settings), sharing node_modules. */
function copyOfRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'swb-build-'));
  for (const p of [
    'src',
    'bin',
    'schemas',
    'configs',
    'plugins',
    'tsconfig.json',
    'tsconfig.build.json',
    'package.json',
  ])
    cpSync(join(repo, p), join(dir, p), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

const run = (dir: string, file: string, args: string[] = []) =>
  execFileSync(process.execPath, [join(dir, file), ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });

describe('compiled runtime (npm start compiles src/ to dist/ once per change)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('builds dist/ when it is missing or stale, runs it while it matches the sources, and never runs a stale build', () => {
    const dir = copyOfRepo();
    dirs.push(dir);
    run(dir, 'bin/build.js');
    expect(existsSync(join(dir, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(readFileSync(join(dir, 'dist', '.source-fingerprint'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);

    // mark the compiled CLI so the test can see which code ran
    appendFileSync(join(dir, 'dist', 'cli', 'main.js'), '\nconsole.log("ran-compiled");\n');
    expect(run(dir, 'bin/switchboard.js', ['help'])).toContain('ran-compiled');
    // the compiled runtime still loads the bundled TypeScript plugins (through tsx, scoped to them)
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, policyText('plugins:\n  - name: keywords\n', rule));
    const validated = spawnSync(process.execPath, [join(dir, 'bin/switchboard.js'), 'validate', policy], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(validated.stdout).toContain('ran-compiled');
    expect(validated.stderr).toContain('valid');
    expect(validated.status).toBe(0);
    // nothing changed: a second build leaves dist/ alone (the mark stays)
    run(dir, 'bin/build.js');
    expect(readFileSync(join(dir, 'dist', 'cli', 'main.js'), 'utf8')).toContain('ran-compiled');

    // an edited source makes dist/ stale: the sources run until the next build
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'src', 'cli', 'main.ts'), later, later);
    const stale = run(dir, 'bin/switchboard.js', ['help']);
    expect(stale).not.toContain('ran-compiled');
    expect(stale).toContain('Usage');
    run(dir, 'bin/build.js');
    expect(readFileSync(join(dir, 'dist', 'cli', 'main.js'), 'utf8')).not.toContain('ran-compiled');

    // an installed package has dist/ and no sources: it runs dist/
    appendFileSync(join(dir, 'dist', 'cli', 'main.js'), '\nconsole.log("ran-compiled");\n');
    rmSync(join(dir, 'src'), { recursive: true });
    expect(run(dir, 'bin/switchboard.js', ['help'])).toContain('ran-compiled');
  }, 180_000);
});
