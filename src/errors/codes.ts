/**
 * Every error Switchboard can raise. Codes are stable: tools and people match on them.
 * `status` is the HTTP status the API answers with; `description` says what happened, `hint` how to fix it.
 * The README's error table is kept equal to this list by test/errors/codes.test.ts.
 */
export const errorCodes = {
  // configuration / policy files
  SWB_CONFIG_NOT_FOUND: { status: 500, description: 'The policy path or preset does not exist, or holds no YAML files.', hint: 'Point --config at a policy directory or YAML file that exists.' },
  SWB_CONFIG_YAML: { status: 400, description: 'A policy file is not valid YAML (syntax error, duplicate key, bad indentation).', hint: 'Fix the YAML syntax at the position shown.' },
  SWB_CONFIG_SCHEMA: { status: 400, description: 'A value does not match the policy schema (unknown key, wrong type, missing key, bad format).', hint: 'Change the value so it matches the policy schema (schemas/policy.schema.json).' },
  SWB_CONFIG_DUPLICATE_ID: { status: 400, description: 'Two entries of one list share an id.', hint: 'Give every entry of a list its own id.' },
  SWB_CONFIG_UNKNOWN_REF: { status: 400, description: 'A name refers to something not defined: a group, category, priority, agent, status, calendar, channel, operator or fact.', hint: 'Refer to an id that is defined, or define it.' },
  SWB_CONFIG_DURATION: { status: 400, description: 'A duration cannot be read.', hint: 'Write durations like 30s, 15m, 2h, 3d or 1w.' },
  SWB_CONFIG_TEMPLATE: { status: 400, description: 'A script uses an unknown placeholder or filter, or an unclosed {{.', hint: 'Use only known placeholders in scripts, e.g. {{agent.name}} or {{sla.firstResponse.due | time}}.' },
  SWB_CONFIG_RULE: { status: 400, description: 'A rule cannot be evaluated: wrong value for its operator, bad path, or an event type that does not belong in its list.', hint: 'Fix the rule so the engine can evaluate it.' },
  SWB_CONFIG_CONFLICT: { status: 400, description: 'Two files of one policy set the same value differently.', hint: 'Set the value in one file only, or make both files agree.' },
  SWB_CONFIG_INVALID: { status: 400, description: 'The policy did not load; the problems are listed with file:line:col.', hint: 'Fix the policy problems listed, then load it again.' },
  // tickets and their lifecycle
  SWB_TICKET_NOT_FOUND: { status: 404, description: 'No ticket has this id.', hint: 'Check the ticket id; list tickets with GET /api/tickets.' },
  SWB_TICKET_TRANSITION: { status: 409, description: 'The lifecycle does not allow this status change.', hint: 'Move the ticket through the allowed lifecycle steps.' },
  SWB_TICKET_CSAT_NOT_RESOLVED: { status: 409, description: 'Satisfaction was rated before the ticket was resolved.', hint: 'Rate a ticket only once it is resolved or closed.' },
  SWB_TICKET_CLOSED: { status: 409, description: 'The ticket is closed and cannot change.', hint: 'A closed ticket is final; open a new ticket instead.' },
  SWB_TICKET_UNKNOWN_VALUE: { status: 400, description: 'A channel, category, priority, status or group is not defined by the live policy.', hint: 'Use one of the values the live policy defines (GET /api/policy).' },
  // API edge
  SWB_API_VALIDATION: { status: 400, description: 'The request body or query does not match its schema.', hint: 'Fix the request body or query at the JSON path shown.' },
  SWB_API_MALFORMED_JSON: { status: 400, description: 'The request body is not valid JSON.', hint: 'Send a valid JSON body with Content-Type: application/json.' },
  SWB_API_BODY_TOO_LARGE: { status: 413, description: 'The request body exceeds the size limit.', hint: 'Send a smaller body.' },
  SWB_API_NOT_FOUND: { status: 404, description: 'No route has this method and path.', hint: 'Check the method and path; see the README for the API.' },
  SWB_INTERNAL: { status: 500, description: 'An unexpected error inside Switchboard.', hint: 'This is a bug in Switchboard; the server log has the stack trace.' },
  // storage
  SWB_STORE_CONFLICT: { status: 409, description: 'The ticket was changed by someone else between read and write.', hint: 'The ticket changed since it was read; read it again and retry.' },
  SWB_STORE_DUPLICATE: { status: 409, description: 'A ticket with this id is already stored.', hint: 'A ticket with this id exists already.' },
  SWB_STORE_LOCKED: { status: 500, description: 'The data directory is in use by another process.', hint: 'Another Switchboard process uses this data directory; stop it or pick another --data.' },
  SWB_STORE_CORRUPT: { status: 500, description: 'A data file cannot be read back.', hint: 'The data file cannot be read; restore it from a backup or move it aside.' },
  SWB_STORE_IO: { status: 503, description: 'Writing to the data directory failed.', hint: 'The data directory could not be written (disk full, permissions, I/O error); fix it and restart Switchboard.' },
  // routing
  SWB_ROUTING_UNKNOWN_AGENT: { status: 404, description: 'No agent with this id is defined by the live policy.', hint: 'Use an agent id from the policy (GET /api/agents).' },
  // simulation / replay
  SWB_SIMULATE_INPUT: { status: 400, description: 'A historical ticket file has a line that cannot be read.', hint: 'Fix the line named (file:line): JSONL objects or CSV rows with id, channel, subject, customer, createdAt.' },
  // command line
  SWB_CLI_USAGE: { status: 400, description: 'A command was called with unknown or missing options.', hint: 'Run `switchboard help` for the commands and their options.' },
} as const satisfies Record<string, { status: number; description: string; hint: string }>;

export type ErrorCode = keyof typeof errorCodes;
