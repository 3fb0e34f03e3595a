/**
 * Runs every registered bench: `npm run bench [-- --quick] [-- --json]`. Prints a table per
 * result key; with --json the LAST line of output is one JSON object merging all results.
 */
import { benches } from './registry.ts';

function printTable(key: string, value: unknown): void {
  console.log(`\n${key}`);
  if (Array.isArray(value) && value.every((row) => row !== null && typeof row === 'object')) {
    const rows = value as Record<string, unknown>[];
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cells = rows.map((r) =>
      cols.map((c) => (typeof r[c] === 'number' ? (r[c] as number).toLocaleString('en-US') : String(r[c] ?? ''))),
    );
    const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
    const line = (xs: string[]) => xs.map((x, i) => x.padStart(widths[i]!)).join('  ');
    console.log(line(cols));
    for (const row of cells) console.log(line(row));
  } else {
    console.log(JSON.stringify(value, null, 2));
  }
}

async function main(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const json = argv.includes('--json');
  const merged: Record<string, unknown> = {};
  for (const bench of benches) {
    const started = performance.now();
    const result = await bench.run({ quick });
    for (const [key, value] of Object.entries(result)) {
      if (key in merged)
        throw new Error(`bench "${bench.name}" reports key "${key}" that another bench reported already`);
      merged[key] = value;
      printTable(key, value);
    }
    console.log(`(${bench.name}: ${((performance.now() - started) / 1000).toFixed(1)} s${quick ? ', quick' : ''})`);
  }
  if (json) console.log(JSON.stringify(merged));
}

await main(process.argv.slice(2));
