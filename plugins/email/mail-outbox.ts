/**
 * The email outbox: mail waiting to go out, kept in `outbox/journal.jsonl` (one JSON line per
 * change: `put` an entry, `done` when it is sent or given up) and in memory. A `put` resolves once
 * its line is synced to disk; lines written meanwhile share one sync (group commit), so a burst of
 * a thousand replies costs a few syncs, not a thousand file creations. A `done` line is not
 * waited for: losing it to a crash sends that mail again (delivery is at least once, with the
 * same Message-ID). Given-up mail goes to `dead/<id>.json` for a person to look at. On open the
 * journal is rewritten with only what waits; `<id>.json` files an older version left in `outbox/`
 * are taken in.
 */
import {
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

type Line<E> = { op: 'put'; entry: E } | { op: 'done'; id: string };

export interface MailOutbox<E extends { id: string }> {
  /** Writes the entry; resolves once it is on disk. */
  put(entry: E): Promise<void>;
  get(id: string): E | undefined;
  /** Whether an entry waits or was given up on (dead/). */
  has(id: string): boolean;
  remove(id: string): void;
  /** Gives up on an entry: moved to dead/. */
  bury(entry: E): void;
  list(): E[];
  size(): number;
  dead(): E[];
  close(): void;
}

/** Rewrite the journal while running once it holds this many lines more than entries waiting. */
const compactAfter = 20_000;

export function openMailOutbox<E extends { id: string }>(dir: string): MailOutbox<E> {
  const pending = join(dir, 'outbox');
  const deadDir = join(dir, 'dead');
  const journal = join(pending, 'journal.jsonl');
  mkdirSync(pending, { recursive: true });
  const entries = new Map<string, E>();
  const deadIds = new Set<string>();
  try {
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const l = JSON.parse(line) as Line<E>;
        if (l.op === 'put') entries.set(l.entry.id, l.entry);
        else entries.delete(l.id);
      } catch {
        // a torn last line: its put never resolved, so nobody relied on it
      }
    }
  } catch {
    // first start
  }
  const legacy = readdirSync(pending).filter((n) => n.endsWith('.json'));
  for (const name of legacy) {
    try {
      const entry = JSON.parse(readFileSync(join(pending, name), 'utf8')) as E;
      entries.set(entry.id, entry);
    } catch {
      // unreadable: left where it is
    }
  }
  try {
    for (const n of readdirSync(deadDir)) if (n.endsWith('.json')) deadIds.add(n.slice(0, -'.json'.length));
  } catch {
    // nothing given up yet
  }

  let fd = -1;
  let lines = 0;
  /** Writes a journal of only the waiting entries (temp file, synced, renamed over the old one). */
  const compact = () => {
    if (fd >= 0) closeSync(fd);
    const tmp = `${journal}.tmp`;
    writeFileSync(tmp, [...entries.values()].map((entry) => `${JSON.stringify({ op: 'put', entry })}\n`).join(''));
    const t = openSync(tmp, 'r+');
    fsyncSync(t);
    closeSync(t);
    renameSync(tmp, journal);
    fd = openSync(journal, 'a');
    lines = entries.size;
  };
  compact();
  for (const name of legacy)
    if (entries.has(name.slice(0, -'.json'.length))) rmSync(join(pending, name), { force: true });

  let waiters: (() => void)[] = [];
  let failures: ((err: Error) => void)[] = [];
  let syncing = false;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (syncing || waiters.length === 0) return;
    const done = waiters;
    const fail = failures;
    waiters = [];
    failures = [];
    syncing = true;
    fsync(fd, (err) => {
      syncing = false;
      // closed meanwhile: close() synced everything first
      if (err && fd >= 0) for (const f of fail) f(err);
      else for (const d of done) d();
      if (waiters.length) schedule();
    });
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  const append = (line: Line<E>) => {
    writeSync(fd, `${JSON.stringify(line)}\n`);
    lines++;
    if (!syncing && !scheduled && lines - entries.size > compactAfter) compact();
  };

  return {
    put(entry) {
      entries.set(entry.id, entry);
      append({ op: 'put', entry });
      return new Promise<void>((resolve, reject) => {
        waiters.push(resolve);
        failures.push(reject);
        schedule();
      });
    },
    get: (id) => entries.get(id),
    has: (id) => entries.has(id) || deadIds.has(id),
    remove(id) {
      if (!entries.delete(id)) return;
      append({ op: 'done', id });
    },
    bury(entry) {
      mkdirSync(deadDir, { recursive: true });
      writeFileSync(join(deadDir, `${entry.id}.json`), JSON.stringify(entry));
      deadIds.add(entry.id);
      if (entries.delete(entry.id)) append({ op: 'done', id: entry.id });
    },
    list: () => [...entries.values()],
    size: () => entries.size,
    dead: () =>
      [...deadIds].flatMap((id) => {
        const file = join(deadDir, `${id}.json`);
        try {
          return existsSync(file) ? [JSON.parse(readFileSync(file, 'utf8')) as E] : [];
        } catch {
          return [];
        }
      }),
    close() {
      if (fd < 0) return;
      fsyncSync(fd);
      closeSync(fd);
      fd = -1;
      for (const d of waiters) d();
      waiters = [];
      failures = [];
    },
  };
}
