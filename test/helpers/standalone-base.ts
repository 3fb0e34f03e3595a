import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { presetPath } from '../../src/runtime/presets.ts';
import { readPolicySources, type SourceText } from '../../src/config/read-sources.ts';

/**
 * A copy of a bundled preset whose files a test may edit: the process files at the top of `dir`
 * (policy.yaml, routing.yaml, slas.yaml, ...), its policy tests, and the sample team below them
 * (`dir/team-base`, and `dir/team` for an industry's own people).
 */
export async function copyPreset(name: string, dir: string): Promise<void> {
  await cp(presetPath(`${name}/process`), dir, { recursive: true });
  for (const f of (await readdir(presetPath(name))).filter((n) => n.endsWith('.test.yaml')))
    await cp(join(presetPath(name), f), join(dir, f));
  await cp(presetPath('base/team'), join(dir, 'team-base'), { recursive: true });
  const own = name !== 'base' && existsSync(presetPath(`${name}/team`));
  if (own) await cp(presetPath(`${name}/team`), join(dir, 'team'), { recursive: true });
  const layers = ['./team-base', ...(own ? ['./team'] : [])];
  const policy = join(dir, 'policy.yaml');
  const text = await readFile(policy, 'utf8');
  await writeFile(
    policy,
    text.includes('extends: preset:base/process\n')
      ? text.replace('extends: preset:base/process\n', `extends: [preset:base/process, ${layers.join(', ')}]\n`)
      : `extends: [${layers.join(', ')}]\n${text}`,
  );
}

/** The base preset as `copyPreset` lays it out. */
export const copyBasePreset = (dir: string) => copyPreset('base', dir);

/**
 * The base process files as texts (editable, positions as in the preset) over the bundled
 * sample team: what `readPolicySources(presetPath('base'))` gave when the preset was one folder.
 */
export async function baseProcessSources(): Promise<SourceText[]> {
  const sources = await readPolicySources(presetPath('base/process'));
  return sources.map((s) =>
    /(^|[/\\])policy\.yaml$/.test(s.file) ? { ...s, text: `extends: preset:base/team\n${s.text}` } : s,
  );
}
