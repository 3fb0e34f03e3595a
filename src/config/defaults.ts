import type { StatusDef } from './types.ts';

/** One status per lifecycle kind, used when a policy lists none. */
export const defaultStatuses: StatusDef[] = [
  { id: 'new', name: 'New', kind: 'new' },
  { id: 'open', name: 'Open', kind: 'open' },
  { id: 'pending', name: 'Pending', kind: 'pending' },
  { id: 'resolved', name: 'Resolved', kind: 'resolved' },
  { id: 'closed', name: 'Closed', kind: 'closed' },
];

/** Event types each rule list may fire. */
export const ruleEventTypes = {
  classification: ['categorize'],
  priority: ['set-priority'],
  routing: ['route'],
} as const;

export const builtinCalendarId = '24x7';
