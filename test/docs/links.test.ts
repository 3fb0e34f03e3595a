/**
 * The documentation points only at things that exist: every relative link of README.md and
 * docs/*.md (file and #anchor), and every repository path the prose names in backticks, such as
 * `src/core/errors/codes.ts`, so a moved or renamed file shows up here instead of in a reader's 404.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The text outside fenced code blocks, line by line (links in examples are not links). */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return fenced || line.startsWith('```') ? '' : line;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(text)) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function brokenLinks(page: string): string[] {
  const text = readFileSync(join(root, page), 'utf8');
  const broken: string[] = [];
  prose(text).forEach((line, i) => {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target)) continue;
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const path = file === '' ? join(root, page) : resolve(dirname(join(root, page)), file);
      const where = `${page}:${i + 1} → ${target}`;
      if (!existsSync(path)) {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (anchor !== undefined && path.endsWith('.md') && !anchors(readFileSync(path, 'utf8')).has(anchor))
        broken.push(`${where} (no heading #${anchor} in ${relative(root, path)})`);
    }
  });
  return broken;
}

const repoPath = /^(?:src|test|bench|scripts|schemas|configs|plugins|public|examples|bin|docs|\.ci)\/[\w./-]*$/;

function missingPaths(page: string): string[] {
  const text = readFileSync(join(root, page), 'utf8');
  const missing: string[] = [];
  prose(text).forEach((line, i) => {
    const named = new Set<string>();
    for (const m of line.matchAll(/`([^`]+)`/g)) if (repoPath.test(m[1]!)) named.add(m[1]!);
    // A src/ path anywhere in the prose, also inside a longer code span or a sentence.
    for (const m of line.matchAll(/(?<![\w/<.$*-])src\/[\w./-]*\w/g)) named.add(m[0]);
    for (const p of named) {
      const path = join(root, p);
      if (!existsSync(path) || (p.endsWith('/') && !statSync(path).isDirectory()))
        missing.push(`${page}:${i + 1} ${p}`);
    }
  });
  return missing;
}

describe('documentation links', () => {
  it('finds the pages, and a link or path that points nowhere', () => {
    expect(pages).toContain('docs/architecture.md');
    const sample = '# A `code` title: here\n\n## Repeat\n\n## Repeat\n';
    expect([...anchors(sample)]).toEqual(['a-code-title-here', 'repeat', 'repeat-1']);
    expect(repoPath.test('src/core/errors/codes.ts')).toBe(true);
    expect(repoPath.test('plugins/<name>')).toBe(false);
  });

  it.each(pages)('%s: every relative link resolves, to its heading too', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it.each(pages)('%s: every repository path it names exists', (page) => {
    expect(missingPaths(page)).toEqual([]);
  });
});
