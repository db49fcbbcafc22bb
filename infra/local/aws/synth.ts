/**
 * Synthesizes the app for a stage, as `cdk synth` would (cdk.json's context, the same stacks). The local runtime
 * synthesizes without bundling and bundles the functions itself with the same options; the cold-start test asks for
 * CDK's own bundling and gets each function's asset (the very bundle `cdk deploy` uploads).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { AppConfig } from '../../../shared/runtime/app-config.js';
import { DEFAULT_ACCOUNT_CONCURRENCY } from '../../../shared/topology/concurrency.js';
import { PROJECT_ROOT } from '../../constructs/project-root.js';
import type { DeployOptions } from '../../stacks/deploy-options.js';
import { addNewshoundStacks } from '../../stacks/newshound.js';
import { DEFAULT_TABLE_CAPACITY } from '../../stacks/table-capacity.js';
import type { CfnTemplate } from './cloudformation.js';
import type { StackTemplate } from './local-deployment.js';

export interface SynthesizedStage {
  stacks: StackTemplate[];
  /** The SES identities the senders' grant names. */
  senderIdentities: string[];
}

export function synthesizeStage(config: AppConfig, options: Partial<DeployOptions> = {}): SynthesizedStage {
  const outdir = mkdtempSync(join(tmpdir(), 'newshound-local-synth-'));
  try {
    return synthesize(config, options, outdir, []).stage;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes with CDK's bundling into `outdir` (inside the project, so the bundles resolve @aws-sdk/* from
 * node_modules as Lambda resolves them from its runtime) and returns each function's bundle by function name.
 */
export function synthesizeBundled(config: AppConfig, outdir: string, options: Partial<DeployOptions> = {}): { stage: SynthesizedStage; bundles: Record<string, string> } {
  const { stage } = synthesize(config, options, outdir, undefined);
  const bundles: Record<string, string> = {};
  for (const { template } of stage.stacks) {
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const props = resource.Properties as { Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } };
      const name = props.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      const hash = props.Code?.S3Key?.replace(/\.zip$/, '');
      if (typeof name === 'string' && hash) bundles[name] = join(outdir, `asset.${hash}`, 'index.mjs');
    }
  }
  return { stage, bundles };
}

function synthesize(config: AppConfig, options: Partial<DeployOptions>, outdir: string, bundlingStacks: string[] | undefined): { stage: SynthesizedStage } {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const app = new App({ outdir, context: { ...cdkJson.context, ...(bundlingStacks ? { 'aws:cdk:bundling-stacks': bundlingStacks } : {}) } });
  const { stateful, stateless, senderIdentities } = addNewshoundStacks(app, config, { tracing: false, tableCapacity: DEFAULT_TABLE_CAPACITY, lambdaConcurrencyQuota: DEFAULT_ACCOUNT_CONCURRENCY, ...options });
  const assembly = app.synth();
  const template = (name: string) => assembly.getStackByName(name).template as CfnTemplate;
  return {
    stage: {
      stacks: [
        { stackName: stateful.stackName, template: template(stateful.stackName) },
        { stackName: stateless.stackName, template: template(stateless.stackName) },
      ],
      senderIdentities,
    },
  };
}
