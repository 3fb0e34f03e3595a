/**
 * A persisted outbox: one JSON file per undelivered event, written (temp file + rename) before
 * the first attempt and removed only after the receiver said 2xx. A restart finds what is left.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OutboxEntry {
  id: string;
  event: string;
  /** The exact body that is signed and sent. */
  body: string;
  attempts: number;
  createdAt: string;
  lastError?: string;
  /** A reply this entry delivers (`deliver` option): its outcome is recorded on the reply. */
  reply?: { ticketId: string; replyId: string };
}

export interface Outbox<E extends { id: string } = OutboxEntry> {
  put(entry: E): void;
  /** One waiting entry, read from its file (undefined when there is none). */
  get(id: string): E | undefined;
  /** Whether an entry waits in the outbox or was given up on (dead/). */
  has(id: string): boolean;
  remove(id: string): void;
  /** Gives up on an entry: moved to dead/ for a person to look at. */
  bury(entry: E): void;
  list(): E[];
  dead(): E[];
}

/** Any entry with an `id` (a file name: letters, digits, "-" and "_"); the email plugin's mails use it too. */
export function createOutbox<E extends { id: string } = OutboxEntry>(dir: string): Outbox<E> {
  const pending = join(dir, 'outbox');
  const deadDir = join(dir, 'dead');
  mkdirSync(pending, { recursive: true });
  const file = (id: string) => join(pending, `${id}.json`);
  const read = (d: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(d).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    return names.sort().flatMap((n) => {
      try {
        return [JSON.parse(readFileSync(join(d, n), 'utf8')) as E];
      } catch {
        return []; // a torn temp write never gets the .json name; anything else unreadable is skipped
      }
    });
  };
  return {
    put(entry) {
      const tmp = `${file(entry.id)}.tmp`;
      writeFileSync(tmp, JSON.stringify(entry));
      renameSync(tmp, file(entry.id));
    },
    remove: (id) => rmSync(file(id), { force: true }),
    get(id) {
      try {
        return JSON.parse(readFileSync(file(id), 'utf8')) as E;
      } catch {
        return undefined;
      }
    },
    has: (id) => existsSync(file(id)) || existsSync(join(deadDir, `${id}.json`)),
    bury(entry) {
      mkdirSync(deadDir, { recursive: true });
      writeFileSync(join(deadDir, `${entry.id}.json`), JSON.stringify(entry));
      rmSync(file(entry.id), { force: true });
    },
    list: () => read(pending),
    dead: () => read(deadDir),
  };
}
