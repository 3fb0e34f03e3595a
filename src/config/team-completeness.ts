import type { Problem } from '../core/policy/problem.ts';

type Locate = (pointer: string) => { file: string; line: number; col: number } | undefined;

/**
 * A policy that extends a process without its sample team and staffs only some groups would get
 * two reports per unstaffed group, each pointing into the preset's files. They become one
 * problem at the policy that brings the team, naming every group still to staff and the agents
 * there are to staff them with.
 */
export function explainIncompleteTeam(
  problems: Problem[],
  data: unknown,
  locate: Locate,
  firstFile: string,
): Problem[] {
  const doc = (data ?? {}) as { agents?: unknown; routing?: { groups?: unknown } };
  const groups = Array.isArray(doc.routing?.groups) ? (doc.routing.groups as Record<string, unknown>[]) : [];
  const unstaffed = groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => g !== null && typeof g === 'object' && typeof g.id === 'string' && !Array.isArray(g.members));
  if (unstaffed.length === 0) return problems;
  const about = new Set(unstaffed.flatMap(({ i }) => [`/routing/groups/${i}`, `/routing/groups/${i}/members`]));
  const rest = problems.filter(
    (p) =>
      !(
        p.path !== undefined &&
        about.has(p.path) &&
        (p.message.startsWith('missing required key "members"') || p.message.includes('has no members'))
      ),
  );
  const agents = Array.isArray(doc.agents)
    ? (doc.agents as { id?: unknown }[]).map((a) => a?.id).filter((id): id is string => typeof id === 'string')
    : [];
  const needs = unstaffed
    .map(({ g }) => {
      const skills = Array.isArray(g.skills)
        ? ` (skills: ${(g.skills as unknown[]).map((s) => (typeof s === 'string' ? s : String((s as { name?: unknown })?.name))).join(', ')})`
        : '';
      return `${String(g.id)}${skills}`;
    })
    .join(', ');
  const pos = locate('/agents') ?? locate('/routing/groups') ?? { file: firstFile, line: 1, col: 1 };
  rest.push({
    ...pos,
    code: 'SWB_CONFIG_TEAM_INCOMPLETE',
    path: '/routing/groups',
    message:
      `the team is incomplete: ${unstaffed.length} group(s) of the process have no members: ${needs}. ` +
      `Staff each under routing.groups as { id, lead, members: [...] } with your agents (${agents.join(', ') || 'none declared: add agents:'}), ` +
      'or extend the preset with its sample team (preset:<name>/team); see docs/team.md',
  });
  return rest;
}
