// What the page holds: open tickets by id (kept current from socket.io events), the policy's
// statuses, groups and priority levels, the tasks still owed, and the group filter.

export const state = {
  tickets: new Map(),
  kinds: new Map(),
  groups: new Map(),
  levels: ['P0', 'P1', 'P2', 'P3'],
  /** The policy's time zone: times on the supervisor's cards are shown in it. */
  timezone: undefined,
  voice: [],
  lastSeq: undefined,
  backlog: [],
  frt: new Map(),
  fresh: new Set(),
  // unfinished tasks by ticket id: { version, ticket: { id, number, subject, status, group }, tasks }
  tasks: new Map(),
  /** The group every card is narrowed to (?group=), or '' for all. */
  group: '',
  /** Whether the token may read the supervisor's cards (admin, supervisor). */
  supervisor: false,
  /** The server's figures for the supervisor's cards (GET /api/dashboard/...). */
  board: { agents: undefined, today: undefined, refusals: undefined },
};

/** A ticket belongs to the chosen group (or no group is chosen). */
export const inGroup = (tk) =>
  !state.group || tk.group === state.group || (tk.collaborators ?? []).some((c) => c.group === state.group);

const kindOf = (tk) => state.kinds.get(tk.status) ?? tk.status;
const isOpen = (tk) => !['resolved', 'closed'].includes(kindOf(tk));

const noteFrt = (tk) => {
  if (!tk.firstResponseAt) return;
  state.frt.set(tk.id, { group: tk.group, ms: Date.parse(tk.firstResponseAt) - Date.parse(tk.createdAt) });
};

/** A ticket copy from the snapshot or an event; older copies than the one held are ignored. */
export const applyTicket = (tk, isNew) => {
  const known = state.tickets.get(tk.id);
  if (known && known.version > tk.version) return;
  noteFrt(tk);
  if (isOpen(tk)) state.tickets.set(tk.id, tk);
  else state.tickets.delete(tk.id);
  if (isNew && !known) state.fresh.add(tk.id);
};

/** A ticket's unfinished tasks replace what was held for it (older copies are ignored). */
export const applyTasks = (tk) => {
  const held = state.tasks.get(tk.id);
  if (held && held.version > tk.version) return;
  const owed = (tk.tasks ?? []).filter((k) => k.state === 'open' || k.state === 'due');
  if (owed.length === 0) state.tasks.delete(tk.id);
  else state.tasks.set(tk.id, { version: tk.version, ticket: tk, tasks: owed });
};

/** The list of GET /api/tasks (resolved tickets' call-backs too); a newer copy an event brought wins. */
export const applyTaskList = (items) => {
  const byTicket = new Map();
  for (const { ticket, task } of items) {
    const entry = byTicket.get(ticket.id) ?? { version: ticket.version, ticket, tasks: [] };
    entry.tasks.push(task);
    byTicket.set(ticket.id, entry);
  }
  for (const [id, entry] of byTicket) if (!(state.tasks.get(id)?.version > entry.version)) state.tasks.set(id, entry);
};
