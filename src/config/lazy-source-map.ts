import type { Position, SourceMap } from './source-map.ts';

/**
 * A source map filled on first use: positions are needed only to report a problem, and finding
 * them costs a second, slower parse (or a merge of other maps), so a policy that loads cleanly
 * never pays for them. Behaves as the Map it is once read.
 */
export class LazySourceMap extends Map<string, Position> {
  #fill: ((into: (pointer: string, pos: Position) => void) => void) | undefined;

  constructor(fill: (into: (pointer: string, pos: Position) => void) => void) {
    super();
    this.#fill = fill;
  }

  #ready(): void {
    const fill = this.#fill;
    if (!fill) return;
    this.#fill = undefined;
    fill((pointer, pos) => super.set(pointer, pos));
  }

  override get(pointer: string): Position | undefined {
    this.#ready();
    return super.get(pointer);
  }
  override has(pointer: string): boolean {
    this.#ready();
    return super.has(pointer);
  }
  override set(pointer: string, pos: Position): this {
    this.#ready();
    return super.set(pointer, pos);
  }
  override delete(pointer: string): boolean {
    this.#ready();
    return super.delete(pointer);
  }
  override get size(): number {
    this.#ready();
    return super.size;
  }
  override entries(): MapIterator<[string, Position]> {
    this.#ready();
    return super.entries();
  }
  override keys(): MapIterator<string> {
    this.#ready();
    return super.keys();
  }
  override values(): MapIterator<Position> {
    this.#ready();
    return super.values();
  }
  override forEach(cb: (value: Position, key: string, map: Map<string, Position>) => void, thisArg?: unknown): void {
    this.#ready();
    super.forEach(cb, thisArg);
  }
  override [Symbol.iterator](): MapIterator<[string, Position]> {
    this.#ready();
    return super[Symbol.iterator]();
  }
}

/** A map whose entries are copied from `source` when first read. */
export const lazyCopy = (source: () => SourceMap): SourceMap =>
  new LazySourceMap((into) => {
    for (const [p, pos] of source()) into(p, pos);
  });
