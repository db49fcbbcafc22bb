/**
 * Bundles every functions/<name>/handler.ts exactly as AppFunction does (the options come from
 * infra/constructs/bundle-options.ts) and reports, per function, the minified size and the module
 * init time (importing the bundle in a fresh Node.js process, median of several runs).
 *
 *   npx tsx infra/bundle-sizes.ts [--runs 3] [--json] [name ...]
 *
 * Exit code 1 when a bundle exceeds the hard cap. Benchmarks import measureBundles().
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import type { AppConfig } from '../shared/runtime/app-config.js';
import { sampleConfig } from './config/index.js';
import { BUNDLE_ALIASES, BUNDLE_BUDGET_BYTES, BUNDLE_HARD_CAP_BYTES, bundleDefine, bundleOptions, INIT_BUDGET_MS, NODE_OPTIONS, workerEntries } from './constructs/bundle-options.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Inside the project so that the bundles resolve @aws-sdk/* from node_modules, as Lambda does from its runtime. */
const DEFAULT_OUTDIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'newshound-bundles');

/** The esbuild options AppFunction hands to NodejsFunction, for esbuild's API. */
export function esbuildOptions(entry: string, outfile: string, config: AppConfig): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: bundleOptions.platform,
    target: bundleOptions.target,
    format: bundleOptions.format,
    minify: bundleOptions.minify,
    sourcemap: bundleOptions.sourceMap,
    sourcesContent: bundleOptions.sourcesContent,
    charset: bundleOptions.charset,
    banner: { js: bundleOptions.banner },
    external: [...bundleOptions.externalModules],
    mainFields: [...bundleOptions.mainFields],
    alias: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [from, join(PROJECT_ROOT, to)])),
    tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
    absWorkingDir: PROJECT_ROOT,
    define: bundleDefine(config),
    metafile: true,
    logLevel: 'silent',
  };
}

export function functionNames(): string[] {
  const dir = join(PROJECT_ROOT, 'functions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'handler.ts')))
    .map((d) => d.name)
    .sort();
}

export interface BundleResult {
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** Bundles one entry to <outdir>/<name> (index.mjs: the file name NodejsFunction uses). */
export async function bundleEntry(entry: string, outdir: string, config: AppConfig = sampleConfig(), name = 'index.mjs'): Promise<BundleResult> {
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, name);
  const result = await build(esbuildOptions(entry, file, config));
  const output = result.metafile!.outputs[Object.keys(result.metafile!.outputs).find((o) => o.endsWith(name))!]!;
  return { file, bytes: output.bytes, metafile: result.metafile! };
}

/** Lambda's own variables: importing a bundle reads no others (handlers build their clients on the first invocation). */
function lambdaRuntimeEnv(name: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_OPTIONS,
    AWS_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: name,
    POWERTOOLS_SERVICE_NAME: name,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
}

const run = promisify(execFile);

/** Milliseconds to import the bundle (module load; clients and config are built on the first invocation) in a fresh process. */
export async function measureInitMs(file: string, name: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: lambdaRuntimeEnv(name), timeout: 30_000 });
  const ms = Number(stdout.trim().split('\n').pop());
  if (!Number.isFinite(ms)) throw new Error(`${name}: could not read init time from ${JSON.stringify(stdout)}`);
  return ms;
}

export interface BundleMeasurement {
  name: string;
  /** index.mjs, the bundle the function loads at init. */
  bytes: number;
  /** The worker bundles beside it, by file (each loaded on its own thread when first needed), each under the same budget. */
  workers: Record<string, number>;
  initMs: number;
  withinBudget: boolean;
  overHardCap: boolean;
  /** Largest contributors (package or project folder) by bytes in the output. */
  largest: { input: string; bytes: number }[];
}

function largestInputs(metafile: Metafile, count: number): { input: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      totals.set(pkg, (totals.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([input, bytes]) => ({ input, bytes }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface MeasureOptions {
  names?: string[];
  runs?: number;
  outdir?: string;
  log?: (line: string) => void;
}

export async function measureBundles(opts: MeasureOptions = {}): Promise<BundleMeasurement[]> {
  const outdir = opts.outdir ?? DEFAULT_OUTDIR;
  const runs = Math.max(1, opts.runs ?? 3);
  const results: BundleMeasurement[] = [];
  for (const name of opts.names?.length ? opts.names : functionNames()) {
    const dir = join(outdir, name);
    rmSync(dir, { recursive: true, force: true });
    const handler = join(PROJECT_ROOT, 'functions', name, 'handler.ts');
    const bundle = await bundleEntry(handler, dir);
    const workers: Record<string, number> = {};
    for (const w of workerEntries(handler)) workers[w.file] = (await bundleEntry(w.entry, dir, undefined, w.file)).bytes;
    const largestBundle = Math.max(bundle.bytes, ...Object.values(workers));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await measureInitMs(bundle.file, name));
    const measurement: BundleMeasurement = {
      name,
      bytes: bundle.bytes,
      workers,
      initMs: median(times),
      withinBudget: largestBundle <= BUNDLE_BUDGET_BYTES,
      overHardCap: largestBundle > BUNDLE_HARD_CAP_BYTES,
      largest: largestInputs(bundle.metafile, 3),
    };
    results.push(measurement);
    opts.log?.(formatLine(measurement));
  }
  return results;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatLine(m: BundleMeasurement): string {
  const flag = m.overHardCap ? 'OVER HARD CAP' : m.withinBudget ? 'ok' : 'over budget';
  const init = `${m.initMs.toFixed(0)} ms${m.initMs > INIT_BUDGET_MS ? ' (over 150 ms)' : ''}`;
  const largest = m.withinBudget ? '' : `  largest: ${m.largest.map((l) => `${l.input} ${kb(l.bytes)}`).join(', ')}`;
  const workers = Object.entries(m.workers).map(([file, bytes]) => `  + ${file} ${kb(bytes)}`).join('');
  return `${m.name.padEnd(18)} ${kb(m.bytes).padStart(10)}  init ${init.padEnd(18)} ${flag}${largest}${workers}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log('usage: npx tsx infra/bundle-sizes.ts [--runs N] [--json] [function ...]');
    return 0;
  }
  console.log(`budget ${kb(BUNDLE_BUDGET_BYTES)} per function (hard cap ${kb(BUNDLE_HARD_CAP_BYTES)}), init ≤ ${INIT_BUDGET_MS} ms; Node ${process.version}`);
  const results = await measureBundles({ names: positionals, runs: Number(values.runs), log: (line) => console.log(line) });
  if (values.json) console.log(JSON.stringify(Object.fromEntries(results.map((r) => [r.name, { bytes: r.bytes, initMs: Math.round(r.initMs) }]))));
  return results.some((r) => r.overHardCap) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
