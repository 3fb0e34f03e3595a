import { Router } from 'express';
import type { PolicyLoader } from '../config/load.ts';
import type { Policy } from '../core/policy/types.ts';
import { invalidPolicy } from '../config/invalid-policy.ts';
import { presetPath } from '../runtime/presets.ts';
import type { PolicyCandidates } from '../runtime/policy-holder.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { candidateSources } from './policy-candidate.ts';
import { normalise } from '../core/simulate/history.ts';
import { simulate } from '../core/simulate/simulate.ts';

interface SimulateBody {
  candidate?: { files?: { file: string; text: string }[]; preset?: string };
  tickets: Record<string, unknown>[];
  reclassify?: boolean;
  maxChanges?: number;
  asOf?: string;
}

/** POST /simulate: replay tickets through a candidate policy against the live one (body checked by the guard). */
export function createSimulateRoute(deps: {
  policy: () => Policy;
  loader: PolicyLoader;
  /** Candidate texts are untrusted: checked off the main thread, `extends` confined like validate. */
  candidates?: PolicyCandidates;
}): Router {
  const router = Router();
  router.post('/simulate', async (req, res) => {
    const body = req.body as SimulateBody;
    const live = deps.policy();
    let candidate = live;
    if (body.candidate?.files) {
      if (!deps.candidates)
        throw new SwitchboardError('SWB_API_NOT_FOUND', 'simulating candidate texts is not available on this router');
      const r = await deps.candidates.loadCandidate(candidateSources({ files: body.candidate.files }));
      if (!r.ok) throw invalidPolicy(r.problems);
      candidate = r.policy;
    } else if (body.candidate?.preset) {
      const r = await deps.loader.fromPath(presetPath(body.candidate.preset));
      if (!r.ok) throw invalidPolicy(r.problems);
      candidate = r.policy;
    }
    const tickets = body.tickets.map((t, i) => normalise(t, `/tickets/${i}`));
    const result = await simulate(tickets, {
      baseline: { policy: live, source: 'live' },
      candidate: {
        policy: candidate,
        source: body.candidate?.preset ? `preset:${body.candidate.preset}` : body.candidate?.files ? 'request' : 'live',
      },
      maxChanges: body.maxChanges ?? 20,
      ...(body.reclassify ? { reclassify: true } : {}),
      ...(body.asOf ? { asOf: Date.parse(body.asOf) } : {}),
    });
    res.json(result);
  });
  return router;
}
