import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/logger.ts';

describe('logger', () => {
  it('writes one JSON line per entry with level, time from the given clock, message and data', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), now: () => new Date('2026-12-02T08:00:00.000Z') });
    log.warn('policy reload refused', { file: 'sla.yaml', problems: 2 });
    log.info('listening on http://localhost:3000');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { level: 'warn', time: '2026-12-02T08:00:00.000Z', msg: 'policy reload refused', file: 'sla.yaml', problems: 2 },
      { level: 'info', time: '2026-12-02T08:00:00.000Z', msg: 'listening on http://localhost:3000' },
    ]);
  });

  it('drops entries below its level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'error', write: (l) => lines.push(l) });
    log.info('a');
    log.warn('b');
    log.error('c');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['c']);
  });
});
