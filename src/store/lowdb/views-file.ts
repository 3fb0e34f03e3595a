import { constants } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, crc32Update } from './crc32.ts';
import { writeFileDurably } from './line-file.ts';

/**
 * `views.ndjson` beside `tickets.json`: the saved views (metrics aggregates, task index) as the
 * runtime's lines, one per line, then a trailer line
 * `{"format":1,"seq":N,"lagging":[ids],"hotLagging":[ids],"lines":L,"check":[crc per 1000 lines]}`.
 * N is the journal record the views describe (written in the same compaction as the snapshot at
 * N, before it); `lagging` names the tickets the compaction archived at a version the views did
 * not hold yet, `hotLagging` the tickets staying hot at such a version (so a reader knows every
 * ticket the views miss without reading the others; files written before it lack the field).
 */
export const viewsFile = 'views.ndjson';
export const viewsFormat = 1;
const linesPerCheck = 1000;
/** A group of lines this short goes out as one write. */
const maxJoinedChars = 4_000_000;
const blockBytes = 16 << 20;
const maxLineBytes = constants.MAX_STRING_LENGTH;

export interface ViewsTrailer {
  format: number;
  seq: number;
  lagging: string[];
  /** Absent in files written before the field existed: then nobody can tell which hot tickets lag. */
  hotLagging?: string[];
  lines: number;
  check: number[];
}

export async function writeViewsFile(
  dir: string,
  lines: readonly string[],
  meta: { seq: number; lagging: string[]; hotLagging: string[] },
): Promise<void> {
  await writeFileDurably(join(dir, viewsFile), viewsPieces(lines, meta));
}

/**
 * The file's bytes as they go out: a group of lines joined in one piece while it is small (the
 * ticket lines), else one piece a line (a metrics head part is megabytes; a thousand of them
 * joined could pass a string's limit); each group's checksum runs over its pieces.
 */
function* viewsPieces(
  lines: readonly string[],
  meta: { seq: number; lagging: string[]; hotLagging: string[] },
): Generator<Uint8Array> {
  const check: number[] = [];
  for (let i = 0; i < lines.length; i += linesPerCheck) {
    const group = lines.slice(i, i + linesPerCheck);
    let chars = 0;
    for (const l of group) chars += l.length + 1;
    if (chars <= maxJoinedChars) {
      const piece = Buffer.from(`${group.join('\n')}\n`, 'utf8');
      check.push(crc32(piece));
      yield piece;
      continue;
    }
    let crc = 0;
    for (const l of group) {
      const piece = Buffer.from(`${l}\n`, 'utf8');
      crc = crc32Update(crc, piece);
      yield piece;
    }
    check.push(crc);
  }
  const trailer: ViewsTrailer = {
    format: viewsFormat,
    seq: meta.seq,
    lagging: meta.lagging,
    hotLagging: meta.hotLagging,
    lines: lines.length,
    check,
  };
  yield Buffer.from(`${JSON.stringify(trailer)}\n`, 'utf8');
}

/**
 * The saved lines and their trailer, or why the file cannot be used (missing, damaged, another
 * format). Read a block at a time (never the whole file as one buffer, never two lines as one
 * string), each group of lines checked against the trailer as it arrives.
 */
export async function readViewsFile(dir: string): Promise<{ lines: string[]; trailer: ViewsTrailer } | string> {
  const path = join(dir, viewsFile);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return `${path} does not exist`;
    return `${path} cannot be read (${String(e)})`;
  }
  try {
    return await readOpen(path, handle);
  } catch (e) {
    return `${path} cannot be read (${String(e)})`;
  } finally {
    await handle.close();
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) return buf.subarray(0, done);
    done += bytesRead;
  }
  return buf;
}

/** The trailer line and where it starts; grows the tail read until it holds the whole line. */
async function readTrailer(handle: FileHandle, size: number): Promise<{ text: string; start: number }> {
  for (let want = Math.min(size, 1 << 20); ; want = Math.min(size, want * 4)) {
    const tail = await readAt(handle, size - want, want);
    let end = tail.length;
    if (end > 0 && tail[end - 1] === 0x0a) end--;
    const nl = tail.lastIndexOf(0x0a, end - 1);
    if (nl !== -1 || want === size) {
      return { text: tail.toString('utf8', nl + 1, end), start: size - want + nl + 1 };
    }
  }
}

async function readOpen(
  path: string,
  handle: FileHandle,
): Promise<{ lines: string[]; trailer: ViewsTrailer } | string> {
  const { size } = await handle.stat();
  const { text, start: trailerStart } = await readTrailer(handle, size);
  let trailer: ViewsTrailer;
  try {
    trailer = JSON.parse(text) as ViewsTrailer;
  } catch {
    return `${path} ends without its trailer line (a write that did not finish)`;
  }
  if (trailer?.format !== viewsFormat)
    return `${path} is format ${trailer?.format}, this version reads format ${viewsFormat}`;
  const lines: string[] = [];
  let crc = 0;
  let carry: Buffer[] = [];
  const checked = (): string | undefined => {
    const i = Math.ceil(lines.length / linesPerCheck) - 1;
    if (crc !== trailer.check?.[i])
      return `${path}: lines ${i * linesPerCheck + 1} to ${lines.length} fail their checksum`;
    crc = 0;
    return undefined;
  };
  for (let pos = 0; pos < trailerStart; ) {
    const block = await readAt(handle, pos, Math.min(blockBytes, trailerStart - pos));
    if (block.length === 0) break;
    pos += block.length;
    let from = 0;
    for (let nl = block.indexOf(0x0a); nl !== -1; nl = block.indexOf(0x0a, from)) {
      const bytes = carry.length > 0 ? Buffer.concat([...carry, block.subarray(0, nl + 1)]) : block;
      const [a, b] = carry.length > 0 ? [0, bytes.length] : [from, nl + 1];
      carry = [];
      if (b - 1 - a > maxLineBytes) return `${path} holds a line of ${b - 1 - a} bytes, longer than a string can be`;
      lines.push(bytes.toString('utf8', a, b - 1));
      crc = crc32Update(crc, bytes, a, b);
      from = nl + 1;
      if (lines.length % linesPerCheck === 0) {
        const bad = checked();
        if (bad) return bad;
      }
    }
    if (from < block.length) carry.push(block.subarray(from));
  }
  if (carry.length > 0) return `${path} holds ${lines.length} lines, its trailer says ${trailer.lines}`;
  if (lines.length % linesPerCheck !== 0) {
    const bad = checked();
    if (bad) return bad;
  }
  if (lines.length !== trailer.lines) return `${path} holds ${lines.length} lines, its trailer says ${trailer.lines}`;
  return { lines, trailer };
}
