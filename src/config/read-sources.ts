import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { SwitchboardError } from '../core/errors/index.ts';

export interface SourceText {
  file: string;
  text: string;
}

export const isPolicyFile = (name: string) => /\.ya?ml$/i.test(name) && !/\.test\.ya?ml$/i.test(name);
export const isPolicyTestFile = (name: string) => /\.test\.ya?ml$/i.test(name);

/**
 * The YAML files of a policy: a single file, or a directory's top-level *.yaml files with
 * `policy.yaml` first and the rest in name order (so list order, and rule order, is stable).
 * Files ending in .test.yaml are policy tests, not policy.
 */
export async function readPolicySources(path: string, cwd = process.cwd()): Promise<SourceText[]> {
  return readPolicySourcesSync(path, cwd);
}

/**
 * Synchronous twin: `extends` chains are resolved while loading, and policies are a few small
 * files, so blocking reads keep the loader simple (and `fromTexts` synchronous).
 */
export function readPolicySourcesSync(path: string, cwd = process.cwd()): SourceText[] {
  return policyFilesSync(path).map((f) => ({ file: displayName(f, cwd), text: readFileSync(f, 'utf8') }));
}

/** Absolute-or-given paths of the policy files at `path` (directory or single file). */
export function policyFilesSync(path: string): string[] {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path);
  } catch {
    throw new SwitchboardError(
      'SWB_CONFIG_NOT_FOUND',
      `policy path "${path}" does not exist; pass a policy directory or YAML file`,
    );
  }
  const files = info.isDirectory()
    ? readdirSync(path)
        .filter(isPolicyFile)
        .sort(policyFileOrder)
        .map((n) => join(path, n))
    : [path];
  if (files.length === 0)
    throw new SwitchboardError(
      'SWB_CONFIG_NOT_FOUND',
      `no .yaml files in "${path}"; a policy directory needs at least policy.yaml`,
    );
  return files;
}

/** Files under the working directory are named relative to it (as admins and editors see them), others by absolute path. */
export const displayName = (file: string, cwd = process.cwd()) => {
  const rel = relative(cwd, resolve(cwd, file));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(cwd, file);
};

const rank = (name: string) => (/^policy\.ya?ml$/i.test(name) ? 0 : 1);

/** `policy.yaml` first, the rest in name order. */
export const policyFileOrder = (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
