/**
 * Benchmark harness: `npm run bench [-- --json] [-- --only NAME] [-- --quick]`.
 * Each bench/<name>.bench.ts exports `default (opts) => Promise<figures>` and prints its own human summary.
 * With --json the last stdout line is one JSON object: { <name>: figures, ... }.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  log: (line: string) => void;
}
export type BenchFigures = Record<string, unknown>;

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, only: { type: 'string' }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});

if (values.help) {
  console.log('Usage: npm run bench -- [--json] [--only NAME] [--quick]');
  process.exit(0);
}

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
const results: Record<string, BenchFigures> = {};
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (values.only && values.only !== name) continue;
  console.log(`\n== ${name}`);
  const mod = (await import(`./${file}`)) as { default: (opts: BenchOptions) => Promise<BenchFigures> };
  results[name] = await mod.default({ quick: values.quick, log: (line) => console.log(line) });
}
if (values.json) console.log(JSON.stringify(results));
