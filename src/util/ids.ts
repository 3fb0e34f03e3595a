import { randomBytes } from 'node:crypto';

/** Generates ids; injected so tests get deterministic ones. */
export type IdGenerator = (prefix: string) => string;

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** Time-ordered, collision-resistant ids: prefix + 10 chars of time + 8 random chars. */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  return (prefix) => {
    let t = now();
    let time = '';
    for (let i = 0; i < 10; i++) {
      time = alphabet[t % 32] + time;
      t = Math.floor(t / 32);
    }
    const bytes = randomBytes(8);
    let rand = '';
    for (const b of bytes) rand += alphabet[b % 32];
    return `${prefix}_${time}${rand}`;
  };
}

/** Deterministic ids for tests: t_1, t_2, ... per prefix. */
export function createSequentialIds(): IdGenerator {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_${n}`;
  };
}
