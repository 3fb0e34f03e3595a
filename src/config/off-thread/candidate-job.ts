import type { Problem } from '../../core/policy/problem.ts';
import type { SourceText } from '../read-sources.ts';
import type { RegistryNames } from './registry-names.ts';

/** What the worker is asked to check: texts sent by a caller, `extends` confined to `policyDir` and the presets. */
export interface CandidateTexts {
  sources: SourceText[];
  /** Where relative `extends` start (the live policy's directory). */
  baseDir: string;
  policyDir: string;
}

/** The admin's own policy on disk (a hot reload): read as the server reads it, `extends` unconfined. */
export interface CandidatePath {
  path: string;
}

export type CandidateJob = CandidateTexts | CandidatePath;

/** The file a refusal of the whole job points at. */
export const jobFile = (job: CandidateJob): string =>
  'path' in job ? job.path : (job.sources[0]?.file ?? 'policy.yaml');

export interface CandidateRequest {
  id: number;
  job: CandidateJob;
  registries: RegistryNames;
}

export interface CandidateVerdict {
  ok: boolean;
  problems: Problem[];
  /** Files the policy was read from (hot reload watches them, also when the policy is refused). */
  watch?: string[];
}
