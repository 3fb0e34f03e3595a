import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LoadResult, PolicyLoader } from '../config/load.ts';
import { formatProblem, type Problem } from '../core/policy/problem.ts';
import { describeMoves, policyUseProblems } from '../core/policy/policy-use.ts';
import type { PolicyMigration } from './policy-migration.ts';
import { readPolicySources, type SourceText } from '../config/read-sources.ts';
import type { Policy } from '../core/policy/types.ts';
import { isSwitchboardError } from '../core/errors/index.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { Logger } from '../telemetry/logger.ts';
import { createPolicyWatcher } from '../config/policy-watcher.ts';
import { createConfinement } from '../config/confined-files.ts';
import {
  createOffThreadChecker,
  describeRegistries,
  type CandidateJob,
  type CandidateLimits,
} from '../config/off-thread/index.ts';

/** What a reload or a candidate check found. */
export interface PolicyCheck {
  ok: boolean;
  version?: string;
  problems: Problem[];
  /** For reloads: whether the live policy changed. */
  applied?: boolean;
  /** What the policy's `migrate:` moves (would move, for a candidate): `group a → b (2 ticket(s))`. */
  moves?: string[];
  /** For reloads: open tickets the swap migrated. */
  migrated?: number;
}

/** Checks of candidate policies sent by untrusted callers. */
export interface PolicyCandidates {
  /**
   * Checks candidate texts from an untrusted caller without applying them: first in a worker
   * thread with time and memory limits, `extends` confined to the live policy's directory and
   * the presets; only a candidate that passes there is compiled here.
   */
  validate(sources: SourceText[]): Promise<PolicyCheck>;
  /** As validate, and gives the compiled candidate (for simulate). */
  loadCandidate(sources: SourceText[]): Promise<LoadResult>;
}

export interface PolicyHolder extends PolicyCandidates {
  current(): Policy;
  /** Loads the policy path again off to the side; swaps it in only when it is valid. */
  reload(): Promise<PolicyCheck>;
  /** Starts watching the policy directory and every directory it extends. */
  watch(opts?: { debounceMs?: number }): Promise<void>;
  /**
   * Checks the live policy against the open tickets (at start: SWB_POLICY_IN_USE problems when
   * it drops ids they use without a `migrate:` entry; otherwise the mapped tickets move now).
   * From then on a policy is swapped in only under the same condition, its moves right after.
   */
  guardSwaps(migration: PolicyMigration): Promise<PolicyCheck>;
  close(): void;
}

/**
 * Owns the live policy. The swap is one assignment, so an operation that read `current()` keeps
 * that policy to its end (the ticket service reads it once per operation) while new operations
 * see the new one. A failed load never replaces the live policy.
 */
export function createPolicyHolder(deps: {
  loader: PolicyLoader;
  initial: LoadResult & { ok: true };
  /** The policy path to reload from; undefined for in-memory policies (reload re-checks nothing). */
  path?: string;
  bus: EventBus;
  logger: Logger;
  /** Extra checks on a reloaded policy's root files (e.g. plugins changed: needs a restart). */
  check?: (sources: SourceText[]) => Problem[];
  /** Limits of a candidate check in the worker thread. */
  candidateLimits?: CandidateLimits;
}): PolicyHolder {
  const { loader, bus, logger } = deps;
  let policy = deps.initial.policy;
  let watchList = deps.initial.watch;
  let running: Promise<PolicyCheck> | undefined;
  let again = false;
  const baseDir = deps.path ? policyDir(resolve(deps.path)) : process.cwd();
  const checker = createOffThreadChecker(deps.candidateLimits);
  const offThread = (job: CandidateJob) => checker.check(job, describeRegistries(loader));
  const confinedLoad = (sources: SourceText[]) =>
    loader.fromTexts(sources, { baseDir, confine: createConfinement(baseDir) });
  const loadCandidate = async (sources: SourceText[]): Promise<LoadResult> => {
    const gate = await offThread({ sources, baseDir, policyDir: baseDir });
    if (!gate.ok) return { ok: false, problems: gate.problems, watch: [] };
    return confinedLoad(sources);
  };

  let migration: PolicyMigration | undefined;
  /** SWB_POLICY_IN_USE problems (located in the candidate) and the moves its `migrate:` makes. */
  const inUse = async (result: LoadResult & { ok: true }): Promise<{ problems: Problem[]; moves: string[] }> => {
    if (!migration) return { problems: [], moves: [] };
    const uses = await migration.check(result.policy);
    const problems = policyUseProblems(uses).map((p) => ({
      ...(result.locate?.(p.path) ?? { file: result.policy.sources[0] ?? 'policy', line: 1, col: 1 }),
      ...p,
    }));
    return { problems, moves: describeMoves(uses) };
  };

  const loadOnce = async (): Promise<PolicyCheck> => {
    if (!deps.path) return { ok: true, version: policy.version, problems: [], applied: false };
    let result: LoadResult;
    try {
      // The admin's edit is checked in the worker first (time and heap limits), so a policy that
      // would take seconds or gigabytes never reaches the server's thread; only a policy that
      // passed is loaded here.
      const gate = await offThread({ path: deps.path });
      result = gate.ok
        ? await loader.fromPath(deps.path)
        : { ok: false, problems: gate.problems, watch: gate.watch ?? watchList };
    } catch (e) {
      const message = isSwitchboardError(e) ? e.message : String(e);
      result = {
        ok: false,
        watch: watchList,
        problems: [
          { file: deps.path, line: 1, col: 1, code: isSwitchboardError(e) ? e.code : 'SWB_CONFIG_INVALID', message },
        ],
      };
    }
    if (result.ok && deps.check) {
      const extra = deps.check(await readPolicySources(deps.path).catch(() => []));
      if (extra.length) result = { ok: false, watch: result.watch, problems: [...result.problems, ...extra] };
    }
    let moves: string[] = [];
    if (result.ok && result.policy.version !== policy.version) {
      const use = await inUse(result);
      moves = use.moves;
      if (use.problems.length)
        result = { ok: false, watch: result.watch, problems: [...result.problems, ...use.problems] };
    }
    watchList = result.watch.length ? result.watch : watchList;
    await watcher?.set(watchList);
    if (!result.ok) {
      const errors = result.problems.filter((p) => p.severity !== 'warning');
      logger.warn(`policy change rejected; still serving ${policy.version}`, { problems: errors.length });
      for (const p of errors) logger.warn(formatProblem(p));
      bus.publish({ type: 'config.rejected', data: { problems: result.problems } });
      return { ok: false, problems: result.problems, applied: false };
    }
    if (result.policy.version === policy.version)
      return { ok: true, version: policy.version, problems: result.problems, applied: false };
    const previous = policy.version;
    policy = result.policy;
    logger.info(`policy ${previous} → ${policy.version} applied`, { sources: policy.sources.length });
    bus.publish({ type: 'config.applied', data: { version: policy.version, sources: policy.sources } });
    const migrated = moves.length && migration ? await migration.apply(previous) : 0;
    return {
      ok: true,
      version: policy.version,
      problems: result.problems,
      applied: true,
      ...(moves.length ? { moves, migrated } : {}),
    };
  };

  // Reloads never overlap: a change during a reload runs one more reload after it.
  const reload = (): Promise<PolicyCheck> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let result: PolicyCheck;
      do {
        again = false;
        result = await loadOnce();
      } while (again);
      running = undefined;
      return result;
    })();
    return running;
  };

  let watcher: ReturnType<typeof createPolicyWatcher> | undefined;

  return {
    current: () => policy,
    reload,
    async validate(sources) {
      const r = await loadCandidate(sources);
      if (!r.ok) return { ok: false, problems: r.problems };
      const use = await inUse(r);
      const problems = [...r.problems, ...use.problems];
      return use.problems.length
        ? { ok: false, problems, ...(use.moves.length ? { moves: use.moves } : {}) }
        : { ok: true, version: r.policy.version, problems, ...(use.moves.length ? { moves: use.moves } : {}) };
    },
    async guardSwaps(m) {
      migration = m;
      const use = await inUse(deps.initial);
      if (use.problems.length) return { ok: false, problems: use.problems };
      const migrated = use.moves.length ? await m.apply() : 0;
      return {
        ok: true,
        version: policy.version,
        problems: [],
        ...(use.moves.length ? { moves: use.moves, migrated } : {}),
      };
    },
    loadCandidate,
    async watch(opts = {}) {
      if (!deps.path || watcher) return;
      watcher = createPolicyWatcher({
        ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}),
        onChange: () => void reload(),
        onError: (e) => logger.warn('policy watch error', { error: String(e) }),
      });
      await watcher.set(watchList);
    },
    close() {
      watcher?.close();
      void checker.close();
    },
  };
}

function policyDir(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}
