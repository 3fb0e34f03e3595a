import type { Problem } from '../../core/policy/problem.ts';
import type { SourceText } from '../read-sources.ts';
import type { RegistryNames } from './registry-names.ts';

/** What the worker is asked to check: texts sent by a caller, `extends` confined to `policyDir` and the presets. */
export interface CandidateJob {
  sources: SourceText[];
  /** Where relative `extends` start (the live policy's directory). */
  baseDir: string;
  policyDir: string;
}

export interface CandidateRequest {
  id: number;
  job: CandidateJob;
  registries: RegistryNames;
}

export interface CandidateVerdict {
  ok: boolean;
  problems: Problem[];
}
