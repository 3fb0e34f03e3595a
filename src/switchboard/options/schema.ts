import { defaultLimits } from '../limits.ts';
/**
 * The JSON Schema of createSwitchboard's options: validated once at boot, and the source of the
 * options table in docs/embedding.md (`npm run docs:options`). Runtime objects (store, clock,
 * logger, ...) are checked by the methods they must have (`swbMethods`) or as functions
 * (`swbFunction`); `tsType` names their TypeScript type for the table.
 */
const runtime = (tsType: string, methods: readonly string[], description: string) =>
  ({ tsType, swbMethods: methods, description }) as const;
const callback = (tsType: string, description: string) => ({ tsType, swbFunction: true, description }) as const;
const section = (description: string, properties: Record<string, object>) =>
  ({ type: 'object', additionalProperties: false, description, properties }) as const;
const ms = (minimum: number, dflt: number, description: string) =>
  ({ type: 'integer', minimum, default: dflt, description }) as const;

export const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    policy: section('Where the policy comes from: `path`, else `sources`, else a bundled preset.', {
      path: { type: 'string', minLength: 1, description: 'A policy directory or YAML file.' },
      preset: {
        type: 'string',
        minLength: 1,
        default: 'base',
        description: 'A bundled preset, used when neither `path` nor `sources` is given.',
      },
      sources: {
        type: 'array',
        tsType: '{ file: string; text: string }[]',
        items: {
          type: 'object',
          required: ['file', 'text'],
          properties: { file: { type: 'string' }, text: { type: 'string' } },
        },
        description: 'Policy texts held in memory (tests, embedding).',
      },
      watch: {
        tsType: 'boolean | { debounceMs?: number }',
        anyOf: [
          { type: 'boolean' },
          {
            type: 'object',
            additionalProperties: false,
            properties: { debounceMs: { type: 'integer', minimum: 0 } },
          },
        ],
        default: false,
        description: 'Hot reload: watch the policy files (and what they extend) and apply valid changes.',
      },
    }),
    store: runtime(
      'Store',
      ['open', 'close', 'get'],
      'Where tickets live. Default: a PostgreSQL store when `postgres.url` is set, else lowdb files in `dataDir`.',
    ),
    dataDir: {
      type: 'string',
      minLength: 1,
      default: './data',
      description:
        'Data directory of the default lowdb store, the access tokens, the audit log and plugin files. With an own `store` and no `dataDir`, tokens and audit stay in memory.',
    },
    lowdb: section('The default lowdb store.', {
      archiveClosedAfterDays: {
        type: 'integer',
        minimum: 0,
        default: 30,
        description: 'Closed tickets this many days old move to monthly archive files that stay queryable (0 = never).',
      },
    }),
    postgres: {
      ...section(
        'The PostgreSQL store: tickets, timers, tokens, audit and socket fan-out shared by several processes. Not read from the environment here.',
        {
          url: { type: 'string', minLength: 1, description: 'Connection string (`postgres://...`).' },
          schema: { type: 'string', minLength: 1, default: 'switchboard', description: 'Schema of the tables.' },
        },
      ),
      required: ['url'],
    },
    clock: runtime('Clock', ['now'], 'The time source (default the system clock); tests pass a manual clock.'),
    ids: callback('IdGenerator', 'Makes ids: `(prefix) => string` (default time-ordered random ids).'),
    logger: runtime(
      'Logger',
      ['info', 'warn', 'error'],
      'Where warnings and errors go (default JSON lines on stderr).',
    ),
    bus: runtime(
      'EventBus',
      ['publish', 'subscribe'],
      'An event bus to publish on (default a new in-process bus); lets a host listen from boot.',
    ),
    sla: section('The SLA scheduler.', {
      pollMs: ms(
        1,
        5000,
        'PostgreSQL: the longest wait between two looks at the shared timers table (bounds how late a deadline armed by a process that died fires).',
      ),
      leaseMs: ms(
        0,
        30000,
        'PostgreSQL: how long a claimed timer stays off other processes (a process dying mid-step delays it by at most this).',
      ),
    }),
    plugins: section('Plugins.', {
      embedded: {
        type: 'array',
        tsType: 'EmbeddedPlugin[]',
        items: { type: 'object' },
        description:
          "Plugins passed in code (`definePlugin(...)` or `{ plugin, options }`); the policy's `plugins:` may name them to give options.",
      },
      dirs: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: ['./plugins', '<package>/plugins'],
        description: 'Where `plugins: [{ name }]` of the policy are looked up, in order.',
      },
      hookTimeoutMs: ms(1, 2000, 'Time limit of one hook, event listener promise or action.'),
      setupTimeoutMs: ms(1, 5000, "Time limit of one plugin's setup."),
    }),
    qa: section('Quality review.', {
      tickMs: ms(
        0,
        600000,
        'How often the daily QA step looks for completed days to sample (also once at start; 0 = never, call `sb.qa.tick()`).',
      ),
    }),
    reports: section('Scheduled reports.', {
      tickMs: ms(
        0,
        60000,
        'How often the server looks for scheduled reports (policy `reports:`) whose time came (also once at start; 0 = never, call `sb.reports.tick()`).',
      ),
      dir: {
        type: 'string',
        minLength: 1,
        description:
          "Directory each scheduled report is also written to as `<id>.json`, `.html` and `.csv` (absolute, or relative to `dataDir`); over the policy's `reports.dir`. Unset with no `reports.dir`: no files.",
      },
    }),
    csat: section('Satisfaction surveys.', {
      onSurveyLink: callback(
        '(ticket, link) => void',
        'Called with a new survey link (`{ token, path, expiresAt }`) when a ticket becomes resolved. Without it, POST /api/tickets/:id/survey issues links.',
      ),
    }),
    security: section(
      'Switchboard tokens, roles, audit and rate limits. Omitted: the host authenticates (no tokens are checked). `{}` or more: Switchboard tokens and roles apply.',
      {
        auth: {
          type: 'boolean',
          default: true,
          description: '`false`: every caller is an admin (embedding and tests).',
        },
        adminToken: {
          type: 'string',
          minLength: 1,
          description: 'An admin token (default the SWITCHBOARD_ADMIN_TOKEN environment variable).',
        },
        rateLimitPerMinute: {
          type: 'integer',
          minimum: 0,
          default: 1200,
          description: 'Requests per token per minute (0 = unlimited).',
        },
        onFirstAdminToken: callback(
          '(token, file) => void',
          'Receives the generated first admin token (default: printed through the logger).',
        ),
        env: {
          type: 'object',
          tsType: 'Record<string, string | undefined>',
          description: 'The environment to read SWITCHBOARD_ADMIN_TOKEN from (default `process.env`).',
        },
      },
    ),
    limits: section(
      'What one ticket may hold, survey answers per link, per-address and per-socket rates, the replay ring (defaults in src/switchboard/limits.ts; 0 turns a rate off).',
      Object.fromEntries(
        Object.entries(defaultLimits).map(([name, values]) => [
          name,
          section(
            `limits.${name}`,
            Object.fromEntries(
              Object.entries(values).map(([key, dflt]) => [
                key,
                { type: 'integer', minimum: 0, default: dflt, description: `${name} ${key}` },
              ]),
            ),
          ),
        ]),
      ),
    ),
  },
} as const;
