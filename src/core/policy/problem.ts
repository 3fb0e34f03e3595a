import type { ErrorCode } from '../errors/index.ts';

/** One thing wrong with a policy, located in the file the admin wrote. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  code: ErrorCode;
  message: string;
  /** JSON pointer into the merged policy, when the problem is about a value. */
  path?: string;
  severity?: 'error' | 'warning';
}

/** `path/to/file.yaml:LINE:COL SWB_CODE message` — the format editors and CI logs link. */
export function formatProblem(p: Problem): string {
  const where = p.path ? ` (at ${p.path})` : '';
  const level = p.severity === 'warning' ? 'warning: ' : '';
  return `${p.file}:${p.line}:${p.col} ${p.code} ${level}${p.message}${where}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

/** How many problems one check reports: enough to fix in one round, bounded for any input. */
export const maxReportedProblems = 200;

/** The first `max` problems (sorted) and, past them, one saying how many more there are. */
export function capProblems(problems: Problem[], max = maxReportedProblems): Problem[] {
  if (problems.length <= max) return problems;
  const next = problems[max] as Problem;
  const rest = problems.length - max;
  return [
    ...problems.slice(0, max),
    {
      file: next.file,
      line: next.line,
      col: next.col,
      code: 'SWB_CONFIG_TOO_MANY_PROBLEMS',
      message: `${rest} more problem(s) from here on are not listed; fix the ones above and check again`,
    },
  ];
}

/**
 * A problem as a section checker finds it: the same Problem, located by its JSON pointer only;
 * the loader adds file, line and column from the source map.
 */
export type PointedProblem = Omit<Problem, 'file' | 'line' | 'col'> & { path: string };

/** Problems found relative to a part of the policy, re-pointed from the policy's root. */
export function under(prefix: string, problems: PointedProblem[]): PointedProblem[] {
  return problems.map((p) => ({ ...p, path: `${prefix}${p.path}` }));
}
