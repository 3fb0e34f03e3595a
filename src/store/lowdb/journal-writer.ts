import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import { fsyncDir } from './fs-sync.ts';
import { encodeEnd } from './journal-line.ts';
import { segmentName } from './segments.ts';

/**
 * Appends journal lines with group commit: every line queued while the previous batch was on
 * its way to disk (or in the same tick) goes out with one write and one fdatasync, then all of
 * their promises resolve together. After any I/O error the writer refuses further work: the
 * process must restart and replay, as a database would.
 */
export interface JournalWriter {
  append(line: Buffer): Promise<void>;
  /** Resolves once everything appended so far is durable. */
  barrier(): Promise<void>;
  /**
   * Lines appended from now on go to the segment whose first record is `start`. When that is a
   * new segment, the current one gets an end line naming it. Resolves once the segment file
   * exists durably (also when `start` names the current segment: opening creates it that way).
   */
  rotate(start: number): Promise<void>;
  close(): Promise<void>;
  readonly failure: SwitchboardError | undefined;
  readonly stats: { batches: number; records: number; bytes: number };
}

interface Batch {
  segment: string;
  lines: Buffer[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export function createJournalWriter(dir: string, firstSeq: number): JournalWriter {
  let segment = segmentName(firstSeq);
  const queue: Batch[] = [];
  let inFlight: Batch | undefined;
  let draining: Promise<void> | undefined;
  let file: { name: string; handle: FileHandle } | undefined;
  let failure: SwitchboardError | undefined;
  let closed = false;
  const stats = { batches: 0, records: 0, bytes: 0 };

  async function handleFor(name: string): Promise<FileHandle> {
    if (file?.name === name) return file.handle;
    if (file) await file.handle.close();
    file = undefined;
    const handle = await open(join(dir, name), 'a', 0o600);
    await fsyncDir(dir); // the new segment's directory entry must survive a crash too
    file = { name, handle };
    return handle;
  }

  async function writeBatch(batch: Batch): Promise<void> {
    const handle = await handleFor(batch.segment);
    if (batch.lines.length === 0) return; // only makes the segment exist
    const buf = batch.lines.length === 1 ? batch.lines[0]! : Buffer.concat(batch.lines);
    let offset = 0;
    while (offset < buf.length) {
      const { bytesWritten } = await handle.write(buf, offset, buf.length - offset);
      offset += bytesWritten;
    }
    await handle.datasync();
    stats.batches++;
    stats.records += batch.lines.length;
    stats.bytes += buf.length;
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.shift()!;
      inFlight = batch;
      try {
        await writeBatch(batch);
        batch.resolve();
      } catch (e) {
        failure = new SwitchboardError(
          'SWB_STORE_IO',
          `Writing the journal in ${dir} failed (${(e as Error).message}); the store stopped accepting work. Fix the disk and restart: acknowledged writes are safe.`,
          { dir },
          { cause: e },
        );
        batch.reject(failure);
        for (const b of queue.splice(0)) b.reject(failure);
      } finally {
        inFlight = undefined;
      }
    }
  }

  function startDrain(): void {
    if (draining) return;
    draining = new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => {
      draining = undefined;
      if (queue.length > 0) startDrain();
    });
  }

  function newBatch(): Batch {
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // callers see the rejection; this only silences the unawaited copy
    const batch = { segment, lines: [], promise, resolve, reject };
    queue.push(batch);
    return batch;
  }

  function push(line: Buffer | undefined): Promise<void> {
    if (failure) return Promise.reject(failure);
    if (closed) return Promise.reject(new SwitchboardError('SWB_INTERNAL', 'The journal is closed.'));
    const last = queue[queue.length - 1];
    const batch = last && last.segment === segment ? last : newBatch();
    if (line) batch.lines.push(line);
    startDrain();
    return batch.promise;
  }

  return {
    append: push,
    barrier() {
      if (failure) return Promise.reject(failure);
      const last = queue[queue.length - 1] ?? inFlight;
      return last ? last.promise : Promise.resolve();
    },
    rotate(start) {
      const name = segmentName(start);
      if (name !== segment) {
        push(encodeEnd(start)).catch(() => undefined); // the caller awaits the new segment, which follows it
        segment = name;
      }
      return push(undefined);
    },
    async close() {
      closed = true;
      while (draining) await draining;
      if (file) await file.handle.close();
      file = undefined;
    },
    get failure() {
      return failure;
    },
    stats,
  };
}
