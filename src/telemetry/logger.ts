import { pino } from 'pino';

/** Structured logging: one JSON line per entry (pino) on stderr; `silent` for tests and embedding. */
export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level?: 'info' | 'warn' | 'error' | 'silent';
  /** Receives each JSON line without its newline (default: standard error, written synchronously). */
  write?: (line: string) => void;
  /** The instant stamped on each line (default: the system time); pass the runtime's clock. */
  now?: () => Date;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const write = opts.write;
  const destination = write
    ? { write: (line: string) => write(line.replace(/\n$/, '')) }
    : pino.destination({ fd: 2, sync: true });
  const now = opts.now;
  const log = pino(
    {
      level: opts.level ?? 'info',
      base: undefined,
      timestamp: now ? () => `,"time":"${now().toISOString()}"` : pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return {
    info: (msg, data) => log.info(data ?? {}, msg),
    warn: (msg, data) => log.warn(data ?? {}, msg),
    error: (msg, data) => log.error(data ?? {}, msg),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
