/** The email plugin's options: JSON Schema (validated by the plugin host, defaults applied) and types. */

export interface ServerOptions {
  host: string;
  port: number;
  /** TLS from the first byte (993 / 465); false: plain, upgraded with STARTTLS when offered. */
  secure: boolean;
  user?: string;
  password?: string;
}

export interface EmailOptions {
  imap: ServerOptions & { user: string; password: string; mailbox: string };
  smtp: ServerOptions;
  /** The support address: the From of outbound mail and the address customers write to. */
  address: string;
  /** Display name on outbound mail. */
  name: string;
  /** The policy channel new mail is opened on and whose public replies are mailed. */
  channel: string;
  /** `idle`: IMAP IDLE, with a poll every `pollMs` as the fallback; `poll`: poll only. */
  mode: 'idle' | 'poll';
  pollMs: number;
  /** Mails read per round. */
  batchSize: number;
  /** A mail larger than this is not downloaded: it goes to quarantine with its headers. */
  maxMessageBytes: number;
  attachments: { maxBytes: number; maxCount: number };
  /** At most `maxPerSender` mails from one address are read as mail within `windowMs`; the rest is quarantined (0: no limit). */
  flood: { maxPerSender: number; windowMs: number };
  /** Auto-replies and bounces on a known ticket: an internal note, or dropped (quarantined). */
  robots: 'note' | 'drop';
  /** Addresses (`a@x.com`) or domains (`@x.com`) that are copied on replies when they wrote in or were on Cc. */
  cc: string[];
  outbound: { maxAttempts: number; backoffMs: number; maxBackoffMs: number };
  /** Reconnect delay after a lost or refused IMAP connection (doubles up to 10 minutes). */
  reconnectMs: number;
  /** Where customers reach the runtime (`https://support.example.com`): survey links start with it. */
  publicUrl?: string;
  /** The policy scripts (by name) the notices are written from; a missing script uses the plugin's text. */
  scripts: { survey: string; callback: string; escalation: string };
}

const server = (required: string[], extra: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    secure: { type: 'boolean', default: false },
    user: { type: 'string', minLength: 1 },
    password: { type: 'string', minLength: 1 },
    ...extra,
  },
});

export const emailOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['imap', 'smtp', 'address'],
  properties: {
    imap: server(['host', 'port', 'user', 'password'], { mailbox: { type: 'string', minLength: 1, default: 'INBOX' } }),
    smtp: server(['host', 'port']),
    address: { type: 'string', format: 'email', description: 'the support address' },
    name: { type: 'string', minLength: 1, default: 'Support' },
    channel: { type: 'string', minLength: 1, default: 'email' },
    mode: { enum: ['idle', 'poll'], default: 'idle' },
    pollMs: { type: 'integer', minimum: 1000, default: 60000 },
    batchSize: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    maxMessageBytes: { type: 'integer', minimum: 1024, default: 26214400 },
    attachments: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxBytes: { type: 'integer', minimum: 0, default: 10485760 },
        maxCount: { type: 'integer', minimum: 0, default: 10 },
      },
    },
    flood: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxPerSender: { type: 'integer', minimum: 0, maximum: 1000, default: 20 },
        windowMs: { type: 'integer', minimum: 1000, default: 3600000 },
      },
    },
    robots: { enum: ['note', 'drop'], default: 'note' },
    cc: { type: 'array', items: { type: 'string', pattern: '^[^@\\s]*@[^@\\s]+$' }, default: [] },
    outbound: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, default: 10 },
        backoffMs: { type: 'integer', minimum: 1, default: 30000 },
        maxBackoffMs: { type: 'integer', minimum: 1, default: 3600000 },
      },
    },
    reconnectMs: { type: 'integer', minimum: 1, default: 5000 },
    publicUrl: {
      type: 'string',
      pattern: '^https?://[^\\s]+[^/\\s]$',
      description: 'where customers reach the runtime, without a trailing "/"; survey links are mailed only with it',
    },
    scripts: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        survey: { type: 'string', minLength: 1, default: 'emailSurvey' },
        callback: { type: 'string', minLength: 1, default: 'emailCallback' },
        escalation: { type: 'string', minLength: 1, default: 'emailEscalation' },
      },
    },
  },
} as const;

export const exampleOptions = {
  imap: { host: '127.0.0.1', port: 143, user: 'support@example.test', password: 'secret' },
  smtp: { host: '127.0.0.1', port: 25 },
  address: 'support@example.test',
  mode: 'poll',
};
