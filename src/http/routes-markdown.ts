import { type RouteSpec, routeLabel, rolesOf } from './route.ts';

/** The roles a route admits, as docs/api.md lists them. */
const rolesCell = (spec: RouteSpec): string =>
  spec.permission === 'public'
    ? 'public (no token)'
    : rolesOf(spec)
        .map((role) =>
          role === 'agent' && spec.ticketScoped
            ? spec.taskScoped
              ? 'agent (own groups, own tasks)'
              : 'agent (own groups)'
            : role,
        )
        .join(', ');

/** The routes table of docs/api.md: one row per declared route, in the order they are declared. */
export function routesTableMarkdown(routes: readonly RouteSpec[]): string {
  const rows = routes.map((r) => {
    const [method, path] = routeLabel(r).split(' ');
    return `| ${method} | \`${path}\` | ${rolesCell(r)} | ${r.audited ? 'yes' : 'no'} | ${r.summary.replace(/\|/g, '\\|')} |`;
  });
  return ['| Method | Path | Roles | Audited | What it does |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
