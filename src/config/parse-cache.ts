import { createHash } from 'node:crypto';
import { parseYamlFile, type ParsedFile } from './parse-file.ts';

/**
 * Parsing dominates load time (yaml's parser: ~0.2 ms per rule). A reload usually changes one
 * file, so unchanged texts reuse their parse. Parsed data is shared, never copied: every later
 * stage (merge files, merge layers, schema, cross-checks) builds new containers instead of
 * mutating, and compile deep-clones before it freezes.
 */
export function createParseCache(limit = 128) {
  const cache = new Map<string, ParsedFile>();
  return (file: string, text: string): ParsedFile => {
    const key = `${file}\0${createHash('sha1').update(text).digest('hex')}`;
    let hit = cache.get(key);
    if (hit) {
      cache.delete(key);
    } else {
      hit = parseYamlFile(file, text);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    }
    cache.set(key, hit);
    return { ...hit, problems: [...hit.problems] };
  };
}

export type ParseFn = ReturnType<typeof createParseCache>;
