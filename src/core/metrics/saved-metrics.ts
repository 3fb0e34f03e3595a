import { bucketUnpacker, type PackedBucket } from './packed-bucket.ts';
import { parseHeadKeeping } from './saved-head.ts';
import { keepsHistograms, type Contribution, type Projection } from './projection.ts';
import type { TaskContribution } from './task-projection.ts';
import type { TaskBucket } from './task-bucket.ts';
import type { TaskDimensions, TaskOutcome } from './task-measures.ts';
import type { Dimensions, TicketMeasures } from './ticket-measures.ts';

/**
 * The metrics aggregates as text lines, so a start loads them instead of measuring every ticket:
 * a head line (format, the policy versions the tickets were measured under, the bucket members,
 * how many part lines follow), the part lines (saved-parts.ts: the dimension combinations, every
 * projection's cells, the task cells, each line bounded in size), then one line per ticket with
 * its contribution (what an update of the ticket subtracts). Pure: the store decides where lines go.
 */
export const savedMetricsFormat = 3;

/** A ticket's line kept as text until the ticket changes (decoding a million would cost seconds). */
export interface SavedTicket {
  readonly version: number;
  readonly line: string;
}

type CellDay = [string, [string, Partial<Dimensions>, PackedBucket][]];
type CountDay = [string, [string, Partial<Dimensions>, number][]];
type OpenCount = [string, Partial<Dimensions>, number];
export type SavedTaskCell = [string, TaskDimensions, TaskBucket];

/** A projection's saved items, as the part lines held them (a day may be cut over several). */
export interface ProjectionData {
  cells: CellDay[][];
  flow: CountDay[][];
  open: OpenCount[][];
}

export interface SavedMetricsHead {
  kind: 'metrics';
  format: number;
  timezone: string;
  /** Policy versions the remembered contributions were measured under (one, when nothing changed it). */
  policies: string[];
  /** The bucket members in the order the cells' buckets are packed in. */
  bucket: string[];
  /** How many part lines follow the head (before the tickets' lines). */
  parts: number;
}

/** What a metrics index starts from instead of the tickets. */
export interface SavedMetrics {
  head: SavedMetricsHead;
  dims: string[];
  projections: Map<string, ProjectionData>;
  tasks: SavedTaskCell[];
  tickets: Map<string, SavedTicket>;
}

/** `<version>\t<id as JSON>\t[dims, measures, tasks?]`: JSON escapes tabs, so the first two tabs split the line. */
type TicketLine = [number, Omit<TicketMeasures, 'id' | 'version' | 'dims'>, TaskLine[]?];
type TaskLine = [string, string, string, number, TaskOutcome];

/** Dimension combinations by number (a line names one instead of repeating seven values). */
export function createDimsTable(initial: readonly string[] = []) {
  const texts = [...initial];
  const ids = new Map(texts.map((t, i) => [t, i]));
  return {
    texts,
    idOf(dims: Dimensions): number {
      const text = JSON.stringify(dims);
      let id = ids.get(text);
      if (id === undefined) {
        id = texts.length;
        texts.push(text);
        ids.set(text, id);
      }
      return id;
    },
    dimsOf(id: number): Dimensions {
      const text = texts[id];
      if (text === undefined) throw new Error(`saved metrics name dimension combination ${id}, which is not saved`);
      return JSON.parse(text) as Dimensions;
    },
  };
}
export type DimsTable = ReturnType<typeof createDimsTable>;

export function encodeTicket(c: Contribution, tasks: readonly TaskContribution[], table: DimsTable): string {
  const { id, version, dims, ...rest } = c.m;
  const line: TicketLine = [table.idOf(dims), rest];
  if (tasks.length > 0)
    line.push(tasks.map((t) => [t.m.dims.group, t.m.dims.agent, t.m.dims.task, t.m.dueMs, t.m.outcome]));
  return `${version}\t${JSON.stringify(id)}\t${JSON.stringify(line)}`;
}

/** The measures and tasks of a line; days are computed again by the caller's day keyer. */
export function decodeTicket(
  line: string,
  table: DimsTable,
): { m: TicketMeasures; tasks: { dims: TaskDimensions; dueMs: number; outcome: TaskOutcome }[] } {
  const { version, id, body } = splitLine(line);
  const [dimsId, rest, tasks] = JSON.parse(body) as TicketLine;
  return {
    m: { id, version, dims: table.dimsOf(dimsId), ...rest },
    tasks: (tasks ?? []).map(([group, agent, task, dueMs, outcome]) => ({
      dims: { group, agent, task },
      dueMs,
      outcome,
    })),
  };
}

function splitLine(line: string): { version: number; id: string; body: string } {
  const a = line.indexOf('\t');
  const b = line.indexOf('\t', a + 1);
  if (a <= 0 || b <= a) throw new Error('a saved metrics line is not <version> <id> <measures>');
  // most ids need no unescaping: slicing between the quotes spares a JSON.parse per line
  const plain =
    line.charCodeAt(a + 1) === 0x22 && line.charCodeAt(b - 1) === 0x22 && !line.slice(a + 2, b - 1).includes('\\');
  const id = plain ? line.slice(a + 2, b - 1) : (JSON.parse(line.slice(a + 1, b)) as string);
  return { version: Number(line.slice(0, a)), id, body: line.slice(b + 1) };
}

/** Fills an empty projection's maps from saved data (buckets packed under `bucketNames`). */
export function restoreProjection(p: Projection, data: ProjectionData, bucketNames: readonly string[]): void {
  const unpack = bucketUnpacker(bucketNames, keepsHistograms(p.dims));
  const dayOf = <V>(m: Map<string, Map<string, V>>, day: string) => {
    let byKey = m.get(day);
    if (!byKey) m.set(day, (byKey = new Map()));
    return byKey;
  };
  for (const items of data.cells)
    for (const [day, cells] of items) {
      const byKey = dayOf(p.cells, day);
      for (const [k, dims, packed] of cells) byKey.set(k, { dims, bucket: unpack(packed) });
    }
  for (const items of data.flow)
    for (const [day, counts] of items) {
      const byKey = dayOf(p.flow, day);
      for (const [k, dims, n] of counts) byKey.set(k, { dims, n });
    }
  for (const items of data.open) for (const [k, dims, n] of items) p.open.set(k, { dims, n });
}

/** The lines of a saved metrics head and its parts (metrics-index.ts saves, readSavedMetrics reads). */
export function savedHeadLines(
  meta: Omit<SavedMetricsHead, 'kind' | 'format' | 'parts'>,
  parts: readonly string[],
): string[] {
  const head: SavedMetricsHead = { kind: 'metrics', format: savedMetricsFormat, ...meta, parts: parts.length };
  return [JSON.stringify(head), ...parts];
}

/**
 * Splits saved lines into head, parts and tickets; undefined with a reason when they are not
 * saved metrics. With `keepProjection`, only the projections it names are read (a one-shot reader).
 */
export function readSavedMetrics(
  lines: readonly string[],
  keepProjection?: (name: string) => boolean,
): SavedMetrics | string {
  let head: SavedMetricsHead;
  try {
    head = JSON.parse(lines[0] ?? '') as SavedMetricsHead;
  } catch {
    return 'the saved metrics do not start with their head line';
  }
  if (head?.kind !== 'metrics') return 'the saved views hold no metrics';
  if (head.format !== savedMetricsFormat)
    return `the saved metrics are format ${head.format}, this version reads format ${savedMetricsFormat}`;
  if (!Array.isArray(head.bucket)) return 'the saved metrics do not name their bucket members';
  if (!Number.isInteger(head.parts) || head.parts < 0 || head.parts >= lines.length)
    return `the saved metrics head names ${head.parts} part lines, but ${lines.length - 1} lines follow it`;
  const pieces = parseHeadKeeping(lines.slice(1, 1 + head.parts), keepProjection);
  if (typeof pieces === 'string') return pieces;
  const flat = <T>(arrays: unknown[][]): T[] => {
    const all: T[] = [];
    for (const a of arrays) for (const x of a) all.push(x as T);
    return all;
  };
  const dims = flat<string>(pieces.dims);
  if (dims.some((d) => typeof d !== 'string')) return 'the saved metrics hold a dimension combination that is not text';
  const tickets = new Map<string, SavedTicket>();
  for (let i = 1 + head.parts; i < lines.length; i++) {
    const line = lines[i]!;
    let split: ReturnType<typeof splitLine>;
    try {
      split = splitLine(line);
    } catch {
      return `line ${i + 1} of the saved metrics is not a ticket's measures`;
    }
    if (!Number.isInteger(split.version)) return `line ${i + 1} of the saved metrics has no version`;
    tickets.set(split.id, { version: split.version, line });
  }
  return {
    head,
    dims,
    projections: pieces.projections as unknown as Map<string, ProjectionData>,
    tasks: flat<SavedTaskCell>(pieces.tasks),
    tickets,
  };
}
