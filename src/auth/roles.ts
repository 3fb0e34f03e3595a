/**
 * Roles and what they may do. Least privilege: each route names one permission and a role
 * holds a fixed set; ticket reads and changes are further scoped (agents: own groups) and
 * customer contact data is masked for roles that may not see it (domain §11).
 */
export const roleNames = ['admin', 'supervisor', 'agent', 'viewer', 'reviewer', 'intake'] as const;
export type Role = (typeof roleNames)[number];

export const permissions = [
  'tickets:create',
  'tickets:read',
  'tickets:write',
  'policy:read',
  'policy:admin',
  'tokens:admin',
  'audit:read',
  'reports:read',
  'agents:read',
  'dashboard:read',
  'qa:review',
  'calls:write',
] as const;
export type Permission = (typeof permissions)[number];

const all = new Set<Permission>(permissions);

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  admin: all,
  supervisor: new Set(permissions.filter((p) => p !== 'tokens:admin' && p !== 'policy:admin')),
  agent: new Set<Permission>([
    'tickets:create',
    'tickets:read',
    'tickets:write',
    'policy:read',
    'agents:read',
    'dashboard:read',
  ]),
  viewer: new Set<Permission>(['tickets:read', 'policy:read', 'agents:read', 'dashboard:read']),
  /** The quality reviewer: reads tickets and scores QA samples; changes no ticket. */
  reviewer: new Set<Permission>(['tickets:read', 'policy:read', 'agents:read', 'dashboard:read', 'qa:review']),
  intake: new Set<Permission>(['tickets:create', 'calls:write']),
};

/** Roles that see customers' name, email and phone in clear. */
const seesContactData = new Set<Role>(['admin', 'supervisor', 'agent']);

export function roleAllows(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export function roleSeesContactData(role: Role): boolean {
  return seesContactData.has(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roleNames as readonly string[]).includes(value);
}
