import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { presetsDir } from './presets.ts';
import { displayName, isPolicyFile, policyFileOrder, type SourceText } from './read-sources.ts';

/**
 * What an untrusted candidate (sent over the API) may read through `extends`: regular YAML
 * files inside the live policy's directory or the bundled presets, each at most
 * `maxFileBytes`, reached without a symlink out of those directories.
 */
export interface Confinement {
  /** Realpaths of the directories a candidate may read below. */
  roots: string[];
  maxFileBytes: number;
  /** How files are named in problems (relative to the working directory, as the trusted loader names them). */
  cwd: string;
}

export const maxCandidateFileBytes = 1024 * 1024;

export function createConfinement(policyDir: string, maxFileBytes = maxCandidateFileBytes): Confinement {
  const roots = [policyDir, presetsDir].flatMap((d) => {
    try {
      return [realpathSync(d)];
    } catch {
      return [];
    }
  });
  return { roots, maxFileBytes, cwd: process.cwd() };
}

const inside = (path: string, roots: string[]) => roots.some((r) => path === r || path.startsWith(r + sep));

/**
 * The sources of the policy at `path` (a directory of YAML files or one YAML file), or
 * undefined when anything is out of bounds. Deliberately no reason: "does not exist", "outside",
 * "a symlink out", "a device" and "too large" must read the same to a caller probing the disk.
 */
export function readConfinedPolicy(
  path: string,
  c: Confinement,
): { key: string; files: string[]; sources: SourceText[]; isDir: boolean } | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  if (!inside(real, c.roots)) return undefined;
  let isDir: boolean;
  let files: string[];
  try {
    isDir = statSync(real).isDirectory();
    files = isDir
      ? readdirSync(real)
          .filter(isPolicyFile)
          .sort(policyFileOrder)
          .map((n) => join(real, n))
      : [real];
  } catch {
    return undefined;
  }
  if (files.length === 0 || files.some((f) => !isPolicyFile(f))) return undefined;
  const sources: SourceText[] = [];
  for (const file of files) {
    const text = readConfinedFile(file, c);
    if (text === undefined) return undefined;
    sources.push({ file: displayName(file, c.cwd), text });
  }
  return { key: real, files, sources, isDir };
}

/** A regular file inside the roots (after symlinks), read only when within the size cap. */
function readConfinedFile(file: string, c: Confinement): string | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return undefined;
  }
  if (!inside(real, c.roots)) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(real, 'r');
    // Checked on the opened file: what is read is what was checked, even if the path changes.
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > c.maxFileBytes) return undefined;
    const buf = Buffer.alloc(info.size);
    let off = 0;
    while (off < info.size) {
      const n = readSync(fd, buf, off, info.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
