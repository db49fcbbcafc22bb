/**
 * The cold-start table: every function's bundle as CDK builds it (synth with bundling, the prod config), started
 * with exactly its template's environment on the local AWS APIs and invoked once with a sample event of its
 * trigger. Init is the module import plus building its clients on that first invocation; the rest is the call.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { sampleConfig } from '../infra/config/index.js';
import { PROJECT_ROOT } from '../infra/constructs/project-root.js';
import { startLocalCloud } from '../infra/local/aws/local-cloud.js';
import { sampleEvent } from '../infra/local/aws/sample-events.js';
import { synthesizeBundled } from '../infra/local/aws/synth.js';
import { FUNCTION_NAMES } from '../shared/topology/functions.js';
import type { BenchFigures, BenchOptions } from './run.js';

export default async function coldStart(opts: BenchOptions): Promise<BenchFigures> {
  const outdir = await mkdtemp(path.join(PROJECT_ROOT, 'node_modules', '.cache', 'newshound-cdk-'));
  const config = sampleConfig();
  const synthStarted = performance.now();
  const { stage, bundles } = synthesizeBundled(config, outdir);
  opts.log(`  synth with CDK's bundling: ${((performance.now() - synthStarted) / 1000).toFixed(1)} s`);
  const cloud = await startLocalCloud({ config, appUrl: 'http://127.0.0.1:9', stage, bundles });
  const figures: BenchFigures = {};
  try {
    for (const name of FUNCTION_NAMES) {
      const result = await cloud.lambda.invoke(name, await sampleEvent(cloud, name));
      const row = { ok: result.ok, coldStart: result.coldStart, initMs: Math.round(result.initMs ?? 0), firstInvocationMs: Math.round(result.durationMs) };
      figures[name] = row;
      opts.log(`  ${name.padEnd(17)} ${result.ok ? 'ok  ' : 'FAIL'}  import ${String(row.initMs).padStart(4)} ms   first invocation (clients, config, call) ${String(row.firstInvocationMs).padStart(4)} ms${result.ok ? '' : `  ${result.error.errorMessage}`}`);
    }
    figures.deniedCalls = cloud.gateway.calls.filter((c) => !c.allowed).length;
  } finally {
    await cloud.close();
    await rm(outdir, { recursive: true, force: true });
  }
  return figures;
}
