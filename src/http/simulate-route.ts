import { Router } from 'express';
import type { PolicyLoader } from '../config/load.ts';
import type { Policy } from '../core/policy/types.ts';
import { invalidPolicy } from '../config/invalid-policy.ts';
import { findPreset, unknownPresetMessage } from '../config/presets.ts';
import { SwitchboardError } from '../core/errors/index.ts';
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
export function createSimulateRoute(deps: { policy: () => Policy; loader: PolicyLoader }): Router {
  const router = Router();
  router.post('/simulate', async (req, res) => {
    const body = req.body as SimulateBody;
    const live = deps.policy();
    let candidate = live;
    if (body.candidate?.files) {
      const r = deps.loader.fromTexts(body.candidate.files);
      if (!r.ok) throw invalidPolicy(r.problems);
      candidate = r.policy;
    } else if (body.candidate?.preset) {
      // A name the request got wrong is a 400; SWB_CONFIG_NOT_FOUND (500) is for the server's own --config.
      const dir = findPreset(body.candidate.preset);
      if (!dir)
        throw new SwitchboardError('SWB_API_VALIDATION', unknownPresetMessage(body.candidate.preset), {
          path: '/candidate/preset',
        });
      const r = await deps.loader.fromPath(dir);
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
