import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/server.ts';
import { policyText } from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/switchboard.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
const rule =
  '    - { id: upset, conditions: { all: [{ fact: sentiment, operator: equal, value: negative }] }, event: { type: set-priority, params: { priority: P1 } } }\n';

describe('switchboard validate with plugins', () => {
  it('sets up the named plugins so rules using their facts check, and reports bad options at their position', async () => {
    const { dir, remove } = await tempDir();
    try {
      const good = join(dir, 'good.yaml');
      await writeFile(good, policyText('plugins:\n  - name: keywords\n', rule));
      const ok = run(['validate', good]);
      expect(ok.stderr).toContain('valid');
      expect(ok.status).toBe(0);

      const bad = join(dir, 'bad.yaml');
      await writeFile(
        bad,
        policyText('plugins:\n  - name: keywords\n    options:\n      replaceDefaults: maybe\n', rule),
      );
      const r = run(['validate', bad]);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(
        /bad\.yaml:23:24 SWB_PLUGIN_OPTIONS plugin "keywords" option "replaceDefaults" must be boolean/,
      );
    } finally {
      await remove();
    }
  });
});
