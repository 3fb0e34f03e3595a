// Issue 20 item 5: a candidate policy sent over the API (simulate, validate) reads only regular
// YAML files inside the live policy's directory or the bundled presets, and its errors do not
// tell whether a file exists.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

describe('candidate extends are confined', () => {
  let root: { dir: string; remove: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    root = await tempDir('swb-confine-');
    const policy = join(root.dir, 'policy');
    const data = join(root.dir, 'data');
    await mkdir(join(policy, 'team'), { recursive: true });
    await mkdir(join(policy, 'links'), { recursive: true });
    await mkdir(data, { recursive: true });
    await writeFile(join(policy, 'policy.yaml'), 'extends: preset:base\nid: live\n');
    await writeFile(join(policy, 'team', 'policy.yaml'), 'extends: preset:base\nid: team\n');
    await writeFile(join(data, 'admin-token'), 'SECRET-ADMIN-TOKEN\n');
    await writeFile(join(data, 'secret.yaml'), 'SECRET_KEY: SECRET-VALUE\n');
    await symlink(join(data, 'secret.yaml'), join(policy, 'links', 'secret.yaml'));
    await symlink(data, join(policy, 'links', 'data'));
    server = await startTestServer({ config: policy, dataDir: data });
  });
  afterAll(async () => {
    await server?.close();
    await root?.remove();
  });

  const simulate = (target: string) =>
    api(server.url, 'POST', '/api/simulate', {
      candidate: { files: [{ file: 'policy.yaml', text: `extends: ${JSON.stringify(target)}\nid: cand\n` }] },
      tickets: [],
    });
  const validate = (target: string) =>
    api(server.url, 'POST', '/api/policy/validate', { text: `extends: ${JSON.stringify(target)}\nid: cand\n` });
  // The one problem a refused extends gives, with the target's own text taken out.
  const refusal = (problems: { code: string; message: string }[], target: string) => {
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('SWB_CONFIG_EXTENDS');
    return problems[0]?.message.replace(JSON.stringify(target), '"<target>"');
  };

  it('refuses files outside, symlinks out and missing files alike, over simulate and validate', async () => {
    const targets = [
      '/etc/passwd',
      '/proc/self/environ',
      '../data/admin-token',
      '../data/secret.yaml',
      '../data',
      'links/secret.yaml',
      'links/data',
      'does-not-exist',
      'team/none.yaml',
    ];
    const messages = new Set<string | undefined>();
    for (const target of targets) {
      const sim = await simulate(target);
      expect(sim.status).toBe(400);
      expect(sim.body.error.code).toBe('SWB_CONFIG_INVALID');
      messages.add(refusal(sim.body.error.details.problems, target));
      const val = await validate(target);
      expect(val.status).toBe(200);
      expect(val.body.ok).toBe(false);
      messages.add(refusal(val.body.problems, target));
      for (const body of [JSON.stringify(sim.body), JSON.stringify(val.body)]) {
        expect(body).not.toContain('SECRET');
        expect(body).not.toContain('root:');
      }
    }
    // Existing, missing, outside and symlinked read the same: nothing to learn about the disk.
    expect(messages.size).toBe(1);
    expect([...messages][0]).toContain('outside');

    // A device is not a regular file: refused before a byte is read (it once took 9.5 GB).
    const zero = await simulate('/dev/zero');
    expect(refusal(zero.body.error.details.problems, '/dev/zero')).toBe([...messages][0]);
  });

  it('still extends presets and policies inside the live policy directory', async () => {
    const inside = await simulate('team');
    expect(inside.status).toBe(200);
    const preset = await validate('preset:callcenter');
    expect(preset.body).toMatchObject({ ok: true });
  });
});
