import { createPolicyLoader, type LoadResult } from './load.ts';
import type { SourceText } from './read-sources.ts';

/** Loads a policy file or directory (all problems at once); `ok` says whether it compiled. */
export function loadPolicy(path: string): Promise<LoadResult> {
  return createPolicyLoader().fromPath(path);
}

/** Validates and compiles policy texts held in memory, e.g. an edit before it is saved. */
export function validatePolicy(sources: SourceText[]): LoadResult {
  return createPolicyLoader().fromTexts(sources);
}
