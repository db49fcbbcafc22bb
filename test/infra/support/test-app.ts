import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT } from '../../../infra/constructs/app-function.js';
import { loadDeployConfig } from '../../../infra/stacks/load-config.js';
import { addNewshoundStacks, type NewshoundStacks } from '../../../infra/stacks/newshound.js';
import type { ProductionConfig } from '../../../infra/stacks/production-config.js';
import { productionConfigFixture } from '../fixtures/production-config.js';

/** The feature flags and settings `cdk synth` reads from cdk.json, so tests build what synth builds. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/**
 * A new App as `cdk synth` would build it. Bundling is skipped for every stack (CDK's own
 * `aws:cdk:bundling-stacks` context, which `cdk synth --exclusively` also uses): the assets get a
 * stable placeholder hash and no esbuild runs, so 14 functions synthesize in a second or two.
 * Pass `bundlingStacks` to bundle for real.
 */
export function testApp(context: Record<string, unknown> = {}, bundlingStacks: string[] = []): App {
  const outdir = mkdtempSync(join(tmpdir(), 'newshound-cdk-'));
  outdirs.push(outdir);
  return new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': bundlingStacks, ...context } });
}

const outdirs: string[] = [];
process.once('exit', () => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

export interface SynthesizedStacks extends NewshoundStacks {
  app: App;
  statefulTemplate: Template;
  statelessTemplate: Template;
}

/** Both stacks of one stage, as `cdk synth` builds them from a deployment's config file (default: the fixture), without bundling. */
export function synthNewshound(context: Record<string, unknown> = {}, config: ProductionConfig = productionConfigFixture): SynthesizedStacks {
  const app = testApp(context);
  const loaded = loadDeployConfig(app.node, { env: {}, base: config });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const stacks = addNewshoundStacks(app, loaded.config, loaded.options);
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
}
