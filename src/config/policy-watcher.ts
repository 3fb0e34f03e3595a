import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Calls `onChange` once a burst of file events under `paths` has been quiet for `debounceMs`
 * (editors write a file in several steps: truncate, write, rename). Directories are watched,
 * not files, because atomic saves replace a file's inode and a file watch would go deaf.
 */
export function createPolicyWatcher(opts: {
  debounceMs?: number;
  onChange: () => void;
  onError?: (e: unknown) => void;
}) {
  const debounceMs = opts.debounceMs ?? 150;
  let watchers: FSWatcher[] = [];
  let watched = '';
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(opts.onChange, debounceMs);
  };
  return {
    /** Watches exactly these paths (files stand for their directory); no-op when unchanged. */
    async set(paths: readonly string[]) {
      const dirs = [
        ...new Set(
          await Promise.all(
            paths.map(async (p) => ((await stat(p).catch(() => undefined))?.isDirectory() ? p : dirname(p))),
          ),
        ),
      ].sort();
      const key = dirs.join('\n');
      if (key === watched) return;
      this.close();
      watched = key;
      for (const dir of dirs) {
        try {
          const w = watch(dir, { persistent: false }, fire);
          w.on('error', (e) => opts.onError?.(e));
          watchers.push(w);
        } catch (e) {
          opts.onError?.(e);
        }
      }
    },
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      watchers = [];
      watched = '';
    },
  };
}
