import type { ErrorCode } from '../errors/index.ts';
import { didYouMean, listValues } from '../util/suggest.ts';
import type { PointedProblem } from './problem.ts';

/** What every section checker uses to collect its problems, so codes mean the same everywhere. */
export interface ProblemList {
  readonly problems: PointedProblem[];
  push(path: string, code: ErrorCode, message: string, severity?: 'warning'): void;
  add(problems: Iterable<PointedProblem>): void;
  /** A name that must be one of `known`: SWB_CONFIG_UNKNOWN_REF with a suggestion. Missing values are the schema's. */
  ref(path: string, kind: string, value: unknown, known: Iterable<string>): void;
  /** Ids of a list, each once: SWB_CONFIG_DUPLICATE_ID for the second. Returns the ids. */
  unique(list: readonly unknown[] | undefined, at: string, kind: string): Set<string>;
}

export function createProblemList(): ProblemList {
  const problems: PointedProblem[] = [];
  const push: ProblemList['push'] = (path, code, message, severity) =>
    problems.push(severity ? { path, code, message, severity } : { path, code, message });
  return {
    problems,
    push,
    add(list) {
      for (const p of list) problems.push(p);
    },
    ref(path, kind, value, known) {
      if (value === undefined || value === '') return;
      const set = [...known];
      if (typeof value === 'string' && set.includes(value)) return;
      push(
        path,
        'SWB_CONFIG_UNKNOWN_REF',
        `unknown ${kind} "${String(value)}"${didYouMean(String(value), set)}; defined: ${listValues(set) || '(none)'}`,
      );
    },
    unique(list, at, kind) {
      const seen = new Map<string, number>();
      (list ?? []).forEach((item, i) => {
        if (item === null || typeof item !== 'object') return;
        const id = (item as { id?: unknown }).id;
        if (typeof id !== 'string') return;
        const first = seen.get(id);
        if (first !== undefined)
          push(`${at}/${i}/id`, 'SWB_CONFIG_DUPLICATE_ID', `duplicate ${kind} id "${id}" (also at ${at}/${first})`);
        else seen.set(id, i);
      });
      return new Set(seen.keys());
    },
  };
}
