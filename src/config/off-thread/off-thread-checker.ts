import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type CandidateJob, type CandidateVerdict, jobFile } from './candidate-job.ts';
import type { RegistryNames } from './registry-names.ts';

export interface CandidateLimits {
  /** Wall time one check may take in the worker (default 10 s), counted once the worker is ready. */
  timeoutMs?: number;
  /** Wall time a new worker may take to start (default 60 s: loading the checker is slow on a busy machine). */
  startTimeoutMs?: number;
  /** The worker's heap (default 256 MB). */
  maxHeapMb?: number;
}

export interface OffThreadChecker {
  /** Checks one candidate in the worker; checks run one at a time, in order. */
  check(job: CandidateJob, registries: RegistryNames): Promise<CandidateVerdict>;
  close(): Promise<void>;
}

// From dist/ the worker is plain JavaScript; run from the TypeScript sources (tsx, vitest), it
// registers tsx in its own thread first (a loader given in execArgv does not reach the entry).
const here = fileURLToPath(import.meta.url);
const workerFile = new URL(`./candidate-worker${extname(here)}`, import.meta.url);
const workerSource = (): { entry: URL | string; eval: boolean } => {
  if (extname(here) !== '.ts') return { entry: workerFile, eval: false };
  const tsx = pathToFileURL(tsxEsmApi()).href;
  return {
    entry: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(workerFile.href)}); });`,
    eval: true,
  };
};

/**
 * Candidate policies are untrusted input: they are checked in a worker thread with its own heap
 * limit and a time limit. Past either, the worker is ended (the next check starts a new one) and
 * the candidate is refused with SWB_CONFIG_CHECK_LIMIT; the server thread never spends the time.
 */
/** tsx's ESM register API (resolving through require would give its CommonJS twin). */
function tsxEsmApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const meta = JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return join(dirname(pkg), meta.exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs');
}

export function createOffThreadChecker(limits: CandidateLimits = {}): OffThreadChecker {
  const timeoutMs = limits.timeoutMs ?? 10_000;
  const maxHeapMb = limits.maxHeapMb ?? 256;
  const startTimeoutMs = limits.startTimeoutMs ?? 60_000;
  let worker: { thread: Worker; ready: Promise<boolean> } | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  const start = () => {
    const source = workerSource();
    const w = new Worker(source.entry, {
      eval: source.eval,
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: Math.min(32, maxHeapMb) },
      stdout: false,
      stderr: false,
    });
    w.unref();
    const ready = new Promise<boolean>((resolve) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m.ready) done(true);
      };
      const done = (ok: boolean) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onFail);
        w.off('exit', onFail);
        resolve(ok);
      };
      const onFail = () => done(false);
      const timer = setTimeout(onFail, startTimeoutMs);
      timer.unref();
      w.on('message', onMessage);
      w.on('error', onFail);
      w.on('exit', onFail);
    });
    return { thread: w, ready };
  };

  const refuse = (job: CandidateJob, message: string): CandidateVerdict => ({
    ok: false,
    problems: [
      {
        file: jobFile(job),
        line: 1,
        col: 1,
        code: 'SWB_CONFIG_CHECK_LIMIT',
        message,
      },
    ],
  });

  const run = async (job: CandidateJob, registries: RegistryNames): Promise<CandidateVerdict> => {
    worker ??= start();
    const current = worker;
    current.thread.ref(); // a check under way keeps the process alive; an idle worker does not
    if (!(await current.ready)) {
      if (worker === current) worker = undefined;
      void current.thread.terminate();
      return refuse(job, 'the policy checker could not be started; try again');
    }
    return ask(current.thread, job, registries);
  };

  const ask = (w: Worker, job: CandidateJob, registries: RegistryNames) =>
    new Promise<CandidateVerdict>((resolve) => {
      const id = nextId++;
      const finish = (verdict: CandidateVerdict, end: boolean) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        if (end) {
          if (worker?.thread === w) worker = undefined;
          void w.terminate();
        }
        resolve(verdict);
      };
      const onMessage = (m: { id: number; verdict: CandidateVerdict }) => {
        if (m.id === id) finish(m.verdict, false);
      };
      const onError = (e: Error & { code?: string }) =>
        finish(
          refuse(
            job,
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `checking this policy needs more than ${maxHeapMb} MB; make it smaller (fewer aliases, rules or files)`
              : `the policy could not be checked: ${e.message}`,
          ),
          true,
        );
      const onExit = () => finish(refuse(job, 'the policy checker stopped before it finished; try again'), true);
      // A wall-clock watchdog, not business time: it bounds work done for an untrusted caller.
      const timer = setTimeout(
        () =>
          finish(
            refuse(
              job,
              `checking this policy took longer than ${timeoutMs} ms; make it smaller (fewer aliases, rules or files)`,
            ),
            true,
          ),
        timeoutMs,
      );
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id, job, registries });
    });

  return {
    check(job, registries) {
      const next = queue.then(() => run(job, registries));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      const w = worker;
      worker = undefined;
      await w?.thread.terminate();
    },
  };
}
