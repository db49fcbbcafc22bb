import { measureBundles } from '../infra/bundle-sizes.js';
import type { BenchFigures, BenchOptions } from './run.js';

/** Lambda bundle size and module init time per function (budget 250 KB, hard cap 500 KB, init ≤ 150 ms). */
export default async function bundles(opts: BenchOptions): Promise<BenchFigures> {
  const results = await measureBundles({ runs: opts.quick ? 1 : 5, log: opts.log });
  const figures: BenchFigures = {};
  for (const r of results) figures[r.name] = { kb: Math.round(r.bytes / 102.4) / 10, initMs: Math.round(r.initMs), withinBudget: r.withinBudget };
  figures.largestKb = Math.round(Math.max(...results.map((r) => r.bytes)) / 102.4) / 10;
  figures.overHardCap = results.filter((r) => r.overHardCap).map((r) => r.name);
  return figures;
}
