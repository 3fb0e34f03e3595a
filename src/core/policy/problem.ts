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
