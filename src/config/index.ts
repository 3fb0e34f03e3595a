// Config: policy files → positions → merge → schema → cross-checks → frozen Policy.
export type * from '../core/policy/types.ts';
export { createPolicyLoader, type LoadResult, type PolicyLoader } from './load.ts';
export { formatProblem, type Problem } from '../core/policy/problem.ts';
export { readPolicySources, type SourceText } from './read-sources.ts';
export { hashPolicy } from './compile.ts';
