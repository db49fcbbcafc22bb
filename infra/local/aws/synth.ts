/**
 * Synthesizes the app for a local stage, as `cdk synth` would (cdk.json's context, the same stacks), without
 * bundling: the local runtime bundles the functions itself with the same options. Returns both templates.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { AppConfig } from '../../../shared/runtime/app-config.js';
import { PROJECT_ROOT } from '../../constructs/project-root.js';
import type { DeployOptions } from '../../stacks/deploy-options.js';
import { addNewshoundStacks } from '../../stacks/newshound.js';
import type { CfnTemplate } from './cloudformation.js';
import type { StackTemplate } from './local-deployment.js';

export interface SynthesizedStage {
  stacks: StackTemplate[];
  senderIdentity: string;
}

export function synthesizeStage(config: AppConfig, options: Partial<DeployOptions> = {}): SynthesizedStage {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'newshound-local-synth-'));
  try {
    const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const { stateful, stateless, senderIdentity } = addNewshoundStacks(app, config, { tracing: false, tableCapacity: 'on-demand', ...options });
    const assembly = app.synth();
    const template = (name: string) => assembly.getStackByName(name).template as CfnTemplate;
    return {
      stacks: [
        { stackName: stateful.stackName, template: template(stateful.stackName) },
        { stackName: stateless.stackName, template: template(stateless.stackName) },
      ],
      senderIdentity,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
