import type { Policy } from '../core/policy/types.ts';

/**
 * GET /api/policy: what the live policy defines, so clients know the allowed values. Each channel
 * says who delivers its public replies to customers (`delivery`: a plugin's name, or `none`).
 */
export function describePolicy(policy: Policy, deliveryOf: (channel: string) => string | undefined = () => undefined) {
  return {
    id: policy.doc.id,
    name: policy.doc.name,
    version: policy.version,
    sources: policy.sources,
    timezone: policy.timezone,
    locale: policy.locale,
    channels: [...policy.channels.values()].map((c) => ({ ...c, delivery: deliveryOf(c.id) ?? 'none' })),
    categories: [...policy.categories.values()],
    statuses: [...policy.statuses.values()],
    priorities: { levels: policy.priorities, default: policy.defaultPriority },
    groups: [...policy.groups.values()],
    agents: [...policy.agents.values()].map(({ id, name, skills }) => ({ id, name, skills })),
    slas: policy.slas.map((s) => ({
      id: s.def.id,
      name: s.def.name,
      calendar: s.def.calendar ?? '24x7',
      pauseOn: s.def.pauseOn ?? [],
      targets: s.def.targets,
      warnAt: s.def.warnAt ?? [],
    })),
    rules: {
      classification: policy.rules.classification.rules.map((r) => r.id),
      priority: policy.rules.priority.rules.map((r) => r.id),
      routing: policy.rules.routing.rules.map((r) => r.id),
    },
    scripts: Object.keys(policy.doc.scripts ?? {}),
    workflows: Array.isArray(policy.doc.workflows)
      ? (policy.doc.workflows as { id?: unknown; name?: unknown }[]).map((w) => ({ id: w.id, name: w.name }))
      : [],
  };
}
