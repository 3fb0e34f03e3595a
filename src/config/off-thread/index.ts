// Checks of untrusted candidate policies in a worker thread with time and memory limits.
export { createOffThreadChecker, type CandidateLimits, type OffThreadChecker } from './off-thread-checker.ts';
export { describeRegistries, registriesFromNames, type RegistryNames } from './registry-names.ts';
export type { CandidateJob, CandidateVerdict } from './candidate-job.ts';
