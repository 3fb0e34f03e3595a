// Worker thread entry: checks one candidate policy at a time, in a heap of its own, so a
// costly candidate spends the worker's time and memory, never the server's.
import { parentPort } from 'node:worker_threads';
import { createConfinement } from '../confined-files.ts';
import { createPolicyLoader, type PolicyLoader } from '../load.ts';
import { type CandidateRequest, type CandidateVerdict, jobFile } from './candidate-job.ts';
import { describeRegistries, registriesFromNames } from './registry-names.ts';

let cached: { key: string; loader: PolicyLoader } | undefined;

const loaderFor = (req: CandidateRequest): PolicyLoader => {
  const key = JSON.stringify(req.registries);
  if (cached?.key !== key) cached = { key, loader: createPolicyLoader(registriesFromNames(req.registries)) };
  return cached.loader;
};

// Compile the schemas before saying ready, so a check's time limit counts the check only.
loaderFor({
  id: 0,
  job: { path: '.' },
  registries: describeRegistries(createPolicyLoader()),
}).fromTexts([{ file: 'policy.yaml', text: 'id: warm-up\n' }]);
parentPort?.postMessage({ ready: true });

parentPort?.on('message', async (req: CandidateRequest) => {
  let verdict: CandidateVerdict;
  try {
    const loader = loaderFor(req);
    const { job } = req;
    const r =
      'path' in job
        ? await loader.fromPath(job.path)
        : loader.fromTexts(job.sources, { baseDir: job.baseDir, confine: createConfinement(job.policyDir) });
    verdict = { ok: r.ok, problems: r.problems, watch: r.watch };
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    verdict = {
      ok: false,
      problems: [
        {
          file: jobFile(req.job),
          line: 1,
          col: 1,
          code:
            typeof err.code === 'string' && err.code.startsWith('SWB_') ? (err.code as never) : 'SWB_CONFIG_INVALID',
          message: String(err.message ?? e),
        },
      ],
    };
  }
  parentPort?.postMessage({ id: req.id, verdict });
});
