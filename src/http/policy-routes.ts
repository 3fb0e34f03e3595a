import { invalidPolicy } from '../config/invalid-policy.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { normalise } from '../core/simulate/history.ts';
import { simulate } from '../core/simulate/simulate.ts';
import { findPreset, unknownPresetMessage } from '../config/presets.ts';
import type { ApiContext, ApiRoute } from './api-context.ts';
import { describePolicy } from './describe-policy.ts';
import { candidateSources } from './policy-candidate.ts';

interface SimulateBody {
  candidate?: { files?: { file: string; text: string }[]; preset?: string };
  tickets: Record<string, unknown>[];
  reclassify?: boolean;
  maxChanges?: number;
  asOf?: string;
}

/** Replays tickets through a candidate policy (request files, a preset, or the live one) against the live one. */
async function simulateCandidate(body: SimulateBody, ctx: ApiContext) {
  const live = ctx.policy();
  let candidate = live;
  if (body.candidate?.files) {
    // candidate texts are untrusted: checked off the main thread, `extends` confined like validate
    if (!ctx.policyAdmin)
      throw new SwitchboardError('SWB_API_NOT_FOUND', 'simulating candidate texts is not available on this router');
    const r = await ctx.policyAdmin.loadCandidate(candidateSources({ files: body.candidate.files }));
    if (!r.ok) throw invalidPolicy(r.problems);
    candidate = r.policy;
  } else if (body.candidate?.preset) {
    // A name the request got wrong is a 400; SWB_CONFIG_NOT_FOUND (500) is for the server's own --config.
    const dir = findPreset(body.candidate.preset);
    if (!dir)
      throw new SwitchboardError('SWB_API_VALIDATION', unknownPresetMessage(body.candidate.preset), {
        path: '/candidate/preset',
      });
    const r = await ctx.loader.fromPath(dir);
    if (!r.ok) throw invalidPolicy(r.problems);
    candidate = r.policy;
  }
  const tickets = body.tickets.map((t, i) => normalise(t, `/tickets/${i}`));
  return simulate(tickets, {
    baseline: { policy: live, source: 'live' },
    candidate: {
      policy: candidate,
      source: body.candidate?.preset ? `preset:${body.candidate.preset}` : body.candidate?.files ? 'request' : 'live',
    },
    maxChanges: body.maxChanges ?? 20,
    ...(body.reclassify ? { reclassify: true } : {}),
    ...(body.asOf ? { asOf: Date.parse(body.asOf) } : {}),
  });
}

/** The live policy, checks of a candidate, and simulations against history. */
export const policyRoutes: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/policy',
    operationId: 'getPolicy',
    summary: 'The live policy: channels, categories, statuses, priorities, groups, SLAs',
    tag: 'policy',
    permission: 'policy:read',
    ok: { status: 200, description: 'policy summary' },
    handle: (_req, _res, ctx) => describePolicy(ctx.policy(), ctx.deliveryOf),
  },
  {
    method: 'post',
    path: '/policy/validate',
    operationId: 'validatePolicy',
    summary: 'Check a candidate policy ({ text } or { files: [{ file, text }] }) without applying it',
    tag: 'policy',
    permission: 'policy:admin',
    ok: {
      status: 200,
      description:
        "`{ ok, version?, problems, moves? }`: `moves` lists what the candidate's `migrate:` would move; ids open tickets use that it drops are SWB_POLICY_IN_USE problems",
    },
    async handle(req, _res, ctx) {
      if (!ctx.policyAdmin)
        throw new SwitchboardError('SWB_API_NOT_FOUND', 'policy validation is not available on this router');
      // two body shapes with their own messages: candidateSources is this route's one validation
      return await ctx.policyAdmin.validate(candidateSources(req.body));
    },
  },
  {
    method: 'post',
    path: '/simulate',
    operationId: 'simulate',
    summary: 'Replay historical tickets through a candidate policy against the live one',
    tag: 'policy',
    permission: 'reports:read',
    body: 'SimulateInput',
    ok: { status: 200, description: '`{ tickets, changed, baseline, candidate, changes, asOf }`' },
    handle: (req, _res, ctx) => simulateCandidate(req.body as SimulateBody, ctx),
  },
];
