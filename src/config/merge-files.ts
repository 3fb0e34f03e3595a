import type { ParsedFile } from './parse-file.ts';
import type { Problem } from '../core/policy/problem.ts';
import { locate, type Position, type SourceMap } from './source-map.ts';
import { LazySourceMap } from './lazy-source-map.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Combines the files of one policy (kinds may be split across files): maps merge key by key,
 * lists concatenate in file order, and a scalar set in two files is a conflict. Positions are
 * carried over, so a problem in the merged policy still names the file and line it came from.
 */
export function mergeFiles(files: ParsedFile[]): {
  data: Record<string, unknown>;
  map: SourceMap;
  problems: Problem[];
} {
  const data: Record<string, unknown> = {};
  const problems: Problem[] = [];
  /** Each merged file with the list offsets its pointers are rebased by. */
  const merged: { file: ParsedFile; offsets: Map<string, number> }[] = [];
  // Positions are gathered only when asked for: the first file to write a pointer keeps it.
  const map = new LazySourceMap((into) => {
    const taken = new Set<string>();
    for (const { file, offsets } of merged) {
      for (const [pointer, pos] of file.map) {
        const translated = translate(pointer, offsets);
        if (!taken.has(translated)) {
          taken.add(translated);
          into(translated, pos);
        }
      }
    }
  });
  /** Where an earlier file wrote `pointer` (for a conflict's message). */
  const firstWritten = (pointer: string): Position | undefined => {
    for (const { file, offsets } of merged) {
      for (const [p, pos] of file.map) if (translate(p, offsets) === pointer) return pos;
    }
    return undefined;
  };

  for (const file of files) {
    if (file.data === undefined || file.data === null) continue;
    if (!isObject(file.data)) {
      const pos = locate(file.map, '') ?? { file: file.file, line: 1, col: 1 };
      problems.push({
        ...pos,
        code: 'SWB_CONFIG_SCHEMA',
        message: 'a policy file must be a map of keys (channels:, slas:, ...), not a list or a scalar',
      });
      continue;
    }
    const offsets = new Map<string, number>();
    mergeMap(data, file.data, '', offsets, file, firstWritten, problems);
    merged.push({ file, offsets });
  }
  return { data, map, problems };
}

function mergeMap(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  pointer: string,
  offsets: Map<string, number>,
  file: ParsedFile,
  firstWritten: (pointer: string) => Position | undefined,
  problems: Problem[],
) {
  for (const [key, value] of Object.entries(source)) {
    const here = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!(key in target)) {
      target[key] = value;
      continue;
    }
    // Copy on write: parsed files are shared with the parse cache and must stay as parsed.
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(value)) {
      offsets.set(here, existing.length);
      target[key] = [...existing, ...value];
    } else if (isObject(existing) && isObject(value)) {
      const copy = { ...existing };
      target[key] = copy;
      mergeMap(copy, value, here, offsets, file, firstWritten, problems);
    } else if (existing !== value) {
      const pos = locate(file.map, here, true) ?? { file: file.file, line: 1, col: 1 };
      const first = firstWritten(here);
      const where = first ? ` (first set in ${first.file}:${first.line})` : '';
      problems.push({
        ...pos,
        code: 'SWB_CONFIG_CONFLICT',
        path: here,
        message: `"${key}" is set in two files with different values${where}; keep one`,
      });
    }
  }
}

/** Rebases list indices of a later file onto the concatenated lists. */
function translate(pointer: string, offsets: Map<string, number>): string {
  if (offsets.size === 0) return pointer;
  const parts = pointer.split('/');
  let prefix = '';
  for (let i = 1; i < parts.length; i++) {
    prefix += `/${parts[i]}`;
    const offset = offsets.get(prefix);
    if (offset !== undefined && i + 1 < parts.length) {
      parts[i + 1] = String(Number(parts[i + 1]) + offset);
      return parts.join('/');
    }
  }
  return pointer;
}
