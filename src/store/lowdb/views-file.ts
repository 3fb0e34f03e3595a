import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { crc32 } from './crc32.ts';
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
  const check: number[] = [];
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += linesPerCheck) {
    const chunk = `${lines.slice(i, i + linesPerCheck).join('\n')}\n`;
    check.push(crc32(Buffer.from(chunk, 'utf8')));
    chunks.push(chunk);
    if (chunks.length % 50 === 0) await yieldToLoop();
  }
  const trailer: ViewsTrailer = {
    format: viewsFormat,
    seq: meta.seq,
    lagging: meta.lagging,
    hotLagging: meta.hotLagging,
    lines: lines.length,
    check,
  };
  chunks.push(`${JSON.stringify(trailer)}\n`);
  await writeFileDurably(join(dir, viewsFile), chunks);
}

/** The saved lines and their trailer, or why the file cannot be used (missing, damaged, another format). */
export async function readViewsFile(dir: string): Promise<{ lines: string[]; trailer: ViewsTrailer } | string> {
  const path = join(dir, viewsFile);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return `${path} does not exist`;
    return `${path} cannot be read (${String(e)})`;
  }
  let end = buf.length;
  if (end > 0 && buf[end - 1] === 0x0a) end--;
  const trailerStart = buf.lastIndexOf(0x0a, end - 1) + 1;
  let trailer: ViewsTrailer;
  try {
    trailer = JSON.parse(buf.toString('utf8', trailerStart, end)) as ViewsTrailer;
  } catch {
    return `${path} ends without its trailer line (a write that did not finish)`;
  }
  if (trailer?.format !== viewsFormat)
    return `${path} is format ${trailer?.format}, this version reads format ${viewsFormat}`;
  const lines: string[] = [];
  let chunkStart = 0;
  for (let pos = 0; pos < trailerStart; ) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl === -1 || nl >= trailerStart) break;
    lines.push(buf.toString('utf8', pos, nl));
    pos = nl + 1;
    if (lines.length % linesPerCheck === 0 || pos === trailerStart) {
      const i = Math.ceil(lines.length / linesPerCheck) - 1;
      if (crc32(buf, chunkStart, pos) !== trailer.check[i])
        return `${path}: lines ${i * linesPerCheck + 1} to ${lines.length} fail their checksum`;
      chunkStart = pos;
      if (i % 50 === 49) await yieldToLoop();
    }
  }
  if (lines.length !== trailer.lines || chunkStart !== trailerStart)
    return `${path} holds ${lines.length} lines, its trailer says ${trailer.lines}`;
  return { lines, trailer };
}
