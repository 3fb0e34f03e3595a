/** A small structured logger: one line per entry on stderr; silent level for tests. */
export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export function createLogger(
  opts: { level?: 'info' | 'warn' | 'error' | 'silent'; write?: (line: string) => void } = {},
): Logger {
  const order = { info: 0, warn: 1, error: 2, silent: 3 };
  const min = order[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (level: 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) => {
    if (order[level] < min) return;
    write(data ? `[${level}] ${msg} ${JSON.stringify(data)}` : `[${level}] ${msg}`);
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
