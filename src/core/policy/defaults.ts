import type { StatusDef } from './types.ts';

/** One status per lifecycle kind, used when a policy lists none. */
export const defaultStatuses: StatusDef[] = [
  { id: 'new', name: 'New', kind: 'new' },
  { id: 'open', name: 'Open', kind: 'open' },
  { id: 'pending', name: 'Pending', kind: 'pending' },
  { id: 'resolved', name: 'Resolved', kind: 'resolved' },
  { id: 'closed', name: 'Closed', kind: 'closed' },
];

/**
 * Event types each rule list may fire. `action` (any list) runs a registered action once the
 * new ticket is stored: `{ type: action, params: { action: <name>, ...params } }`.
 */
export const ruleEventTypes = {
  classification: ['categorize', 'action'],
  priority: ['set-priority', 'action'],
  routing: ['route', 'action'],
} as const;

export const builtinCalendarId = '24x7';
