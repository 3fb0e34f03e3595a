import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { SwitchboardError } from '../errors/index.ts';

export interface SourceText {
  file: string;
  text: string;
}

const isPolicyFile = (name: string) => /\.ya?ml$/i.test(name) && !/\.test\.ya?ml$/i.test(name);

/**
 * The YAML files of a policy: a single file, or a directory's top-level *.yaml files with
 * `policy.yaml` first and the rest in name order (so list order, and rule order, is stable).
 * Files ending in .test.yaml are policy tests, not policy.
 */
export async function readPolicySources(path: string, cwd = process.cwd()): Promise<SourceText[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new SwitchboardError('SWB_CONFIG_NOT_FOUND', `policy path "${path}" does not exist; pass a policy directory or YAML file`);
  const files = info.isDirectory()
    ? (await readdir(path)).filter(isPolicyFile).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((n) => join(path, n))
    : [path];
  if (files.length === 0) throw new SwitchboardError('SWB_CONFIG_NOT_FOUND', `no .yaml files in "${path}"; a policy directory needs at least policy.yaml`);
  return Promise.all(files.map(async (f) => ({ file: relative(cwd, f) || basename(f), text: await readFile(f, 'utf8') })));
}

const rank = (name: string) => (/^policy\.ya?ml$/i.test(name) ? 0 : 1);
