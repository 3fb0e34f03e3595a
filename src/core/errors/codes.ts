/**
 * Every error Switchboard can raise. Codes are stable: tools and people match on them.
 * `status` is the HTTP status the API answers with; `description` says what happened, `hint` how to fix it.
 * The error table of docs/errors.md is kept equal to this list by test/errors/codes.test.ts.
 */
export const errorCodes = {
  // configuration / policy files
  SWB_CONFIG_NOT_FOUND: {
    status: 500,
    description: 'The policy path or preset does not exist, or holds no YAML files.',
    hint: 'Point --config at a policy directory or YAML file that exists.',
  },
  SWB_CONFIG_YAML: {
    status: 400,
    description: 'A policy file is not valid YAML (syntax error, duplicate key, bad indentation).',
    hint: 'Fix the YAML syntax at the position shown.',
  },
  SWB_CONFIG_SCHEMA: {
    status: 400,
    description: 'A value does not match the policy schema (unknown key, wrong type, missing key, bad format).',
    hint: 'Change the value so it matches the policy schema (schemas/policy.schema.json).',
  },
  SWB_CONFIG_DUPLICATE_ID: {
    status: 400,
    description: 'Two entries of one list share an id.',
    hint: 'Give every entry of a list its own id.',
  },
  SWB_CONFIG_UNKNOWN_REF: {
    status: 400,
    description:
      'A name refers to something not defined: a group, category, priority, agent, status, calendar, channel, operator or fact.',
    hint: 'Refer to an id that is defined, or define it.',
  },
  SWB_CONFIG_MIGRATE: {
    status: 400,
    description: 'A `migrate:` entry moves tickets away from a value the policy still defines.',
    hint: 'Keep in `migrate:` only ids the policy no longer defines (a removed or renamed group, agent, category, status, priority, channel or SLA).',
  },
  SWB_POLICY_IN_USE: {
    status: 409,
    description:
      'The policy no longer defines a group, agent, category, status, priority, channel or SLA that open tickets still use.',
    hint: 'Define it again, or add a `migrate:` entry saying where those tickets go (e.g. `migrate: { groups: { live-desk: product-support } }`); POST /api/policy/validate shows what a candidate would move.',
  },
  SWB_CONFIG_DURATION: {
    status: 400,
    description: 'A duration cannot be read.',
    hint: 'Write durations like 30s, 15m, 2h, 3d or 1w.',
  },
  SWB_CONFIG_TEMPLATE: {
    status: 400,
    description: 'A script uses an unknown placeholder or filter, or an unclosed {{.',
    hint: 'Use only known placeholders in scripts, e.g. {{agent.name}} or {{sla.firstResponse.due | time}}.',
  },
  SWB_CONFIG_RULE: {
    status: 400,
    description:
      'A rule cannot be evaluated: wrong value for its operator, bad path, or an event type that does not belong in its list.',
    hint: 'Fix the rule so the engine can evaluate it.',
  },
  SWB_CONFIG_CONFLICT: {
    status: 400,
    description: 'Two files of one policy set the same value differently.',
    hint: 'Set the value in one file only, or make both files agree.',
  },
  SWB_CONFIG_EXTENDS: {
    status: 400,
    description:
      'An `extends` names a preset or policy path that does not exist, or an override cannot be applied (remove/before/after an id nothing defines).',
    hint: 'Extend `preset:<name>` (see `switchboard presets`) or a policy directory relative to this file.',
  },
  SWB_CONFIG_TEAM_INCOMPLETE: {
    status: 400,
    description:
      'A policy that extends a process (`preset:<name>/process`) leaves groups of that process without members; the message lists them and the agents there are.',
    hint: 'Give each listed group `{ id, lead, members }` under `routing.groups` from your `agents`, or extend the preset with its sample team (`preset:<name>/team`).',
  },
  SWB_CONFIG_EXTENDS_CYCLE: {
    status: 400,
    description: 'Policies extend each other in a cycle; the chain is in the message.',
    hint: 'Remove one `extends` in the chain so that no policy extends itself.',
  },
  SWB_CONFIG_RULE_SHADOWED: {
    status: 400,
    description:
      'Warning: a rule can never decide because an earlier rule (higher or equal priority, written first) always fires when it would.',
    hint: "Raise the shadowed rule's priority, narrow the earlier rule's conditions, or remove one of them.",
  },
  SWB_CONFIG_ALIAS_LIMIT: {
    status: 400,
    description:
      'YAML aliases (*name) and merge keys (<<) expand the policy far beyond what is written (an alias bomb); it is not read.',
    hint: 'Write the repeated values out, or use fewer, smaller anchors.',
  },
  SWB_CONFIG_TOO_MANY_PROBLEMS: {
    status: 400,
    description: 'The policy has more problems than are listed; only the first ones are shown.',
    hint: 'Fix the problems listed (often one mistake repeated), then check again to see the rest.',
  },
  SWB_CONFIG_CHECK_LIMIT: {
    status: 400,
    description:
      'Checking a candidate policy sent over the API took more time or memory than allowed, so it was stopped.',
    hint: 'Send a smaller policy: fewer files, rules, aliases or keys.',
  },
  SWB_CONFIG_CHECK_FAILED: {
    status: 400,
    description: 'A section of the policy could not be checked: its checker failed on what is written there.',
    hint: 'Fix the other problems of that section first; if none are listed, report the message as a bug.',
  },
  SWB_POLICY_TEST_FAILED: {
    status: 400,
    description: 'A policy test decided differently from what it expects, or a test file is malformed.',
    hint: 'Compare the expected and actual values shown, then fix the policy or the test.',
  },
  SWB_CONFIG_INVALID: {
    status: 400,
    description: 'The policy did not load; the problems are listed with file:line:col.',
    hint: 'Fix the policy problems listed, then load it again.',
  },
  // tickets and their lifecycle
  SWB_TICKET_NOT_FOUND: {
    status: 404,
    description: 'No ticket has this id.',
    hint: 'Check the ticket id; list tickets with GET /api/tickets.',
  },
  SWB_TICKET_REPLY_NOT_FOUND: {
    status: 404,
    description: 'A delivery outcome names a reply the ticket does not have.',
    hint: "Pass the id of one of the ticket's replies (GET /api/tickets/{id} lists them).",
  },
  SWB_TICKET_TRANSITION: {
    status: 409,
    description: 'The lifecycle does not allow this status change.',
    hint: 'Move the ticket through the allowed lifecycle steps.',
  },
  SWB_TICKET_CSAT_NOT_RESOLVED: {
    status: 409,
    description: 'Satisfaction was rated before the ticket was resolved.',
    hint: 'Rate a ticket only once it is resolved or closed.',
  },
  SWB_TICKET_CLOSED: {
    status: 409,
    description: 'The ticket is closed and cannot change.',
    hint: 'A closed ticket is final; open a new ticket instead.',
  },
  SWB_TICKET_UNKNOWN_VALUE: {
    status: 400,
    description: 'A channel, category, priority, status or group is not defined by the live policy.',
    hint: 'Use one of the values the live policy defines (GET /api/policy).',
  },
  SWB_TICKET_NOT_MEMBER: {
    status: 400,
    description: "The agent named as assignee does not belong to the ticket's group (neither a member nor its lead).",
    hint: 'Assign one of the members the message lists, move the ticket to a group the agent belongs to, or (admin or supervisor) pass `force: true` to assign anyway.',
  },
  SWB_TICKET_FIELD: {
    status: 400,
    description:
      'A ticket field does not match its declaration in the policy (`fields:`): wrong type, a value outside an enum, missing where required, or undeclared under `fieldRules.strict`.',
    hint: 'Send the value the message describes; GET /api/policy lists the declared fields with their types and values.',
  },
  SWB_TICKET_STALE: {
    status: 412,
    description: 'The edit carried `If-Match` with a ticket version that is no longer current.',
    hint: 'Read the ticket again (its `version` is in the error details), re-apply the edit and send the new version.',
  },
  SWB_TASK_NOT_FOUND: {
    status: 404,
    description: 'The ticket has no task with this id.',
    hint: "Use a task id from the ticket's `tasks` or from GET /api/tasks (escape a `/` in it as %2F in the path).",
  },
  SWB_TASK_INPUT: {
    status: 400,
    description:
      'A task cannot be added or changed as asked: its due time is unreadable, in the past or too far ahead, or the change mixes finishing the task with changing it.',
    hint: 'Give `due` as a duration (2h, 1d) or an ISO-8601 time with its offset, ahead of now; finish a task (`state`) in one call and change its owner or due time in another.',
  },
  SWB_TASK_FINISHED: {
    status: 409,
    description: 'The task is done or cancelled already; a finished task does not change.',
    hint: 'Add a new task for what is still to do (POST /api/tickets/:id/tasks).',
  },
  SWB_TRIGGER_LOOP: {
    status: 500,
    description:
      'Triggers kept firing on one ticket through changes made by the system (routing, SLA, other triggers) past the round limit; the last change was kept and the chain stopped (`trigger.loop` is published).',
    hint: 'Make the triggers that fired settle: give each a condition its own actions make false (e.g. `changed` instead of a state that stays true, or a tag it adds).',
  },
  SWB_TICKET_LIMIT: {
    status: 422,
    description:
      'The change would take one ticket past a limit: too many replies or history entries, a text longer than allowed, or more bytes than a ticket may hold.',
    hint: 'Continue in a new ticket (link it in a field or note); the limits are the `limits.ticket` options of the server.',
  },
  // API edge
  SWB_API_VALIDATION: {
    status: 400,
    description: 'The request body or query does not match its schema.',
    hint: 'Fix the request body or query at the JSON path shown.',
  },
  SWB_API_MALFORMED_JSON: {
    status: 400,
    description: 'The request body is not valid JSON.',
    hint: 'Send a valid JSON body with Content-Type: application/json.',
  },
  SWB_API_BODY_TOO_LARGE: {
    status: 413,
    description: 'The request body exceeds the size limit.',
    hint: 'Send a smaller body.',
  },
  SWB_API_BODY_ENCODING: {
    status: 400,
    description:
      'The body cannot be decoded with its Content-Encoding (gzip, deflate or br), or the request path has malformed percent-encoding.',
    hint: 'Send the body compressed as its Content-Encoding says (or uncompressed without the header), and encode path segments with encodeURIComponent.',
  },
  SWB_API_NOT_FOUND: {
    status: 404,
    description: 'No route has this method and path.',
    hint: 'Check the method and path; see docs/api.md for the routes.',
  },
  SWB_INTERNAL: {
    status: 500,
    description: 'An unexpected error inside Switchboard.',
    hint: 'This is a bug in Switchboard; the server log has the stack trace.',
  },
  // authentication and authorisation
  SWB_AUTH_MISSING: {
    status: 401,
    description: 'The request carries no access token.',
    hint: 'Send `Authorization: Bearer <token>` (socket.io: `auth: { token }`); the first admin token is in <data>/admin-token.',
  },
  SWB_AUTH_INVALID: {
    status: 401,
    description: 'The access token is unknown or revoked.',
    hint: 'Use a token listed by GET /api/tokens, or ask an admin for a new one.',
  },
  SWB_AUTH_FORBIDDEN: {
    status: 403,
    description: "The token's role may not do this (or not on this ticket's group).",
    hint: 'Use a token whose role allows it; see the role table in docs/operations.md.',
  },
  SWB_API_RATE_LIMITED: {
    status: 429,
    description: 'Too many requests with one token in the current window.',
    hint: 'Slow down; retry after the number of seconds in the Retry-After header.',
  },
  SWB_AUTH_RATE_LIMITED: {
    status: 429,
    description:
      'Too many requests with a missing, unknown or revoked token came from this address in the current window.',
    hint: 'Fix the token the client sends; requests from this address are refused until the window ends (Retry-After).',
  },
  SWB_SOCKET_RATE_LIMITED: {
    status: 429,
    description:
      'A socket connection sent more messages than allowed in the current window; far more, and it is disconnected.',
    hint: 'Subscribe once and keep the subscription; reconnect after a moment instead of resending.',
  },
  SWB_TOKEN_NOT_FOUND: {
    status: 404,
    description: 'No token has this id.',
    hint: 'List the tokens with GET /api/tokens.',
  },
  SWB_TOKEN_LAST_ADMIN: {
    status: 409,
    description: 'This is the last admin token: revoking it would leave nobody able to manage tokens.',
    hint: 'Create another admin token first (POST /api/tokens with role "admin"), then revoke this one.',
  },
  SWB_AUTH_WEAK_SECRET: {
    status: 400,
    description:
      'The admin secret given at start (SWITCHBOARD_ADMIN_TOKEN or security.adminToken) is too short to resist guessing.',
    hint: 'Use at least 24 characters, e.g. the output of `openssl rand -base64 32`, or leave it unset to have a token generated.',
  },
  SWB_TICKET_MERGE: {
    status: 409,
    description: 'The tickets cannot be merged (same ticket, or one of them is closed).',
    hint: 'Merge an open ticket into another open ticket.',
  },
  // storage
  SWB_STORE_CONFLICT: {
    status: 409,
    description: 'The ticket was changed by someone else between read and write.',
    hint: 'The ticket changed since it was read; read it again and retry.',
  },
  SWB_STORE_DUPLICATE: {
    status: 409,
    description: 'A ticket with this id is already stored.',
    hint: 'A ticket with this id exists already.',
  },
  SWB_STORE_LOCKED: {
    status: 500,
    description: 'The data directory is in use by another process.',
    hint: 'Another Switchboard process uses this data directory; stop it or pick another --data.',
  },
  SWB_STORE_CORRUPT: {
    status: 500,
    description:
      'A data file is damaged or missing: the store refuses to start rather than serve fewer records than it acknowledged.',
    hint: 'The message names the file and byte offset. Stop the server and run `switchboard recover --data DIR` (keeps every readable record, moves the damaged files aside, writes a report), or restore the directory from a backup.',
  },
  SWB_STORE_IO: {
    status: 503,
    description: 'Writing to the data directory failed.',
    hint: 'The data directory could not be written (disk full, permissions, I/O error); fix it and restart Switchboard.',
  },
  // routing
  SWB_ROUTING_UNKNOWN_AGENT: {
    status: 404,
    description: 'No agent with this id is defined by the live policy.',
    hint: 'Use an agent id from the policy (GET /api/agents).',
  },
  // simulation / replay
  SWB_SIMULATE_INPUT: {
    status: 400,
    description: 'A historical ticket file has a line that cannot be read.',
    hint: 'Fix the line named (file:line): JSONL objects or CSV rows with id, channel, subject, customer, createdAt.',
  },
  // metrics, reports, satisfaction surveys, import
  SWB_METRICS_QUERY: {
    status: 400,
    description: 'A metrics or export query has a bad from/to day or a groupBy dimension it cannot group by.',
    hint: 'Use from/to as YYYY-MM-DD (from ≤ to) and groupBy from channel, category, priority, group, agent, tier, policy, or fields.<id> of a declared enum or boolean field that is not pii.',
  },
  SWB_CALL_CHANNEL: {
    status: 400,
    description: 'A call event names a channel the policy does not define, or one that is not a voice channel.',
    hint: 'Send `channel` as the id of a channel with `kind: voice` (the base hotline: phone).',
  },
  SWB_CALL_EVENT_TIME: {
    status: 400,
    description:
      'A call event time is not an ISO-8601 instant, lies in the future, or contradicts the call (answered before offered, ended before answered, a wrap-up that ends before the call).',
    hint: "Send `at` as the instant the phone system saw the event (ISO-8601 UTC, e.g. 2026-11-23T08:00:20Z), consistent with the call's other events.",
  },
  SWB_CALL_EVENT_CONFLICT: {
    status: 409,
    description:
      'A call event contradicts what the call already records: a once-only event (offered, answered, ended, abandoned, wrap-up ended) again with another time, a call both answered and abandoned, or a call id already on another ticket.',
    hint: 'Resend the event exactly as first sent (a repeat is answered as before), or use a new call id for a new call.',
  },
  SWB_CSAT_TOKEN: {
    status: 404,
    description: 'The satisfaction survey link is unknown or has expired.',
    hint: 'Use the survey link exactly as sent; ask support for a new one if it expired.',
  },
  SWB_CSAT_INPUT: {
    status: 400,
    description: 'A survey answer is not a whole score from 1 to 5 (or its comment is too long).',
    hint: 'Send { score: 1-5, comment?: text up to 2000 characters }.',
  },
  SWB_CSAT_ANSWERED: {
    status: 422,
    description:
      'The survey link was already answered and can no longer change: its update window has passed or it was changed as often as allowed.',
    hint: 'Nothing to do: the first answer (and its updates) are kept; ask support for a new survey if needed.',
  },
  SWB_CSAT_RATE_LIMITED: {
    status: 429,
    description: 'Too many survey requests came from this address in the current window.',
    hint: 'Wait for the number of seconds in the Retry-After header, then try again.',
  },
  // plugins
  SWB_EMAIL_CONNECT: {
    status: 503,
    description:
      'The email plugin cannot reach or log in to its IMAP or SMTP server (reported once per outage, then retried).',
    hint: "Check the host, port, TLS setting, user and password under the email plugin's options; the message quotes the server's answer.",
  },
  SWB_EMAIL_SEND: {
    status: 502,
    description: 'The SMTP server refused an outbound mail; it stays in the outbox and is retried.',
    hint: "Read the server's answer in the message; after the last attempt the reply shows delivery: failed.",
  },
  SWB_PLUGIN_INVALID: {
    status: 500,
    description:
      'A plugin module does not export a valid definePlugin() result, registers something invalid (bad name, duplicate fact/operator/action), or is loaded twice.',
    hint: 'Export `default definePlugin({ name, version, switchboard, setup })`, give everything it adds a unique name, and name each plugin once.',
  },
  SWB_PLUGIN_NOT_FOUND: {
    status: 500,
    description:
      'A plugin named in the policy is neither in a plugin directory (plugins/<name>/index.ts) nor an installed package switchboard-plugin-<name>.',
    hint: 'Put the plugin in plugins/<name>/index.ts, install switchboard-plugin-<name>, or fix the name.',
  },
  SWB_PLUGIN_OPTIONS: {
    status: 400,
    description: "A plugin's options do not match its options schema.",
    hint: "Fix the plugin's options at the position shown (see the plugin's options table in docs/plugins.md).",
  },
  SWB_PLUGIN_DEPENDENCY: {
    status: 500,
    description: 'A plugin depends on a plugin that is not loaded, or plugins depend on each other in a cycle.',
    hint: 'Add the missing plugin to `plugins:` (order does not matter), or break the cycle.',
  },
  SWB_PLUGIN_VERSION: {
    status: 500,
    description: "A plugin's `switchboard` range does not include this Switchboard version.",
    hint: 'Use a plugin version made for this Switchboard version (or widen its range if it works).',
  },
  SWB_PLUGIN_SETUP_TIMEOUT: {
    status: 500,
    description: "A plugin's setup did not finish within the time limit.",
    hint: 'Make setup fast (defer slow work to the onReady hook), or raise pluginSetupTimeoutMs.',
  },
  SWB_PLUGIN_SETUP: {
    status: 500,
    description: "A plugin's setup threw an error.",
    hint: 'Fix the plugin or its options; the error message says what setup reported.',
  },
  SWB_PLUGIN_RELOAD: {
    status: 400,
    description: 'A reloaded policy adds, removes or reconfigures a plugin; plugins are set up once, at start.',
    hint: 'Restart Switchboard to apply plugin changes; the running policy stays live until then.',
  },
  SWB_PLUGIN_UNKNOWN_HOOK: {
    status: 500,
    description: 'A plugin registered a hook that does not exist.',
    hint: 'Use one of the hooks: onReady, beforeCreate, afterCreate, onStatusChange, onSlaWarning, onSlaBreached, onConfigApplied, onClose.',
  },
  SWB_STORE_DATABASE: {
    status: 503,
    description: 'The PostgreSQL database cannot be reached, or refused a query or a migration.',
    hint: 'Check DATABASE_URL (host, port, user, database) and that PostgreSQL is running; the details carry its error code.',
  },
  // quality review
  SWB_QA_NOT_CONFIGURED: {
    status: 409,
    description:
      'The live policy has no `qa:` section (or no checklist), so there is nothing to sample or score against.',
    hint: 'Add `qa: { rate: 15%, seed: ..., checklist: [...] }` to the policy, or extend preset:base.',
  },
  SWB_REPORT_NOT_FOUND: {
    status: 404,
    description: 'No scheduled report with that id is kept.',
    hint: 'Use an id from GET /api/reports (daily-<day>, weekly-<first day>, monthly-<first day>); a report is made once its scheduled time in the policy `reports:` came.',
  },
  SWB_QA_NOT_SAMPLED: {
    status: 409,
    description: 'The ticket is not in the QA review queue.',
    hint: 'Score tickets listed by GET /api/qa/queue; run POST /api/qa/sample for their day first.',
  },
  SWB_QA_DAY_OPEN: {
    status: 409,
    description:
      'A QA sample was asked for a day that has not ended in the policy time zone; its tickets are still being resolved.',
    hint: 'Sample days up to yesterday; the daily step samples each day once it has ended.',
  },
  SWB_QA_RESULTS: {
    status: 400,
    description: 'A review names a checklist item that does not exist, or leaves one out.',
    hint: 'Give every checklist item of the live policy exactly once: pass, fail or na.',
  },
  // embedding
  SWB_OPTIONS_INVALID: {
    status: 400,
    description: 'createSwitchboard was given an unknown option or a value of the wrong kind.',
    hint: 'Fix the option at the path shown (e.g. /sla/pollMs); docs/embedding.md lists every option.',
  },
  // command line
  SWB_CLI_USAGE: {
    status: 400,
    description: 'A command was called with unknown or missing options.',
    hint: 'Run `switchboard help` for the commands and their options.',
  },
  SWB_CLI_INPUT: {
    status: 400,
    description: 'A file named on the command line is missing, unreadable or not valid JSON.',
    hint: 'Fix the file at the position shown (file:line:col), or pass the right path.',
  },
} as const satisfies Record<string, { status: number; description: string; hint: string }>;

export type ErrorCode = keyof typeof errorCodes;
