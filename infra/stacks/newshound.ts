import { createHash } from 'node:crypto';
import { type App, type Environment, Tags } from 'aws-cdk-lib';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { withoutInlineSecrets } from '../../shared/runtime/config-secrets.js';
import { type DeployOptions, senderIdentities } from './deploy-options.js';
import { StatefulStack } from './stateful-stack.js';
import { stackNames } from './stack-names.js';
import { StatelessStack } from './stateless-stack.js';

export interface NewshoundStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
  /** The SES identities the sender's grant names (the one the admin verified, or the address and its domain). */
  senderIdentities: string[];
}

/** A stable digest of the validated config: changes whenever feeds, topics or subscribers do. No secret value goes into it. */
export function configHash(config: AppConfig): string {
  return createHash('sha256').update(JSON.stringify(withoutInlineSecrets(config))).digest('hex').slice(0, 16);
}

export { stackNames } from './stack-names.js';

/** Adds the stateful and the stateless stack of one stage to the app. The config is already validated. */
export function addNewshoundStacks(app: App, config: AppConfig, options: Partial<DeployOptions> = {}): NewshoundStacks {
  const identities = senderIdentities(config, options);
  const env: Environment | undefined = options.account || options.region ? { account: options.account, region: options.region } : undefined;
  const names = stackNames(config.stage);
  const publicUrl = options.publicUrl ?? { kind: 'url', url: config.publicBaseUrl };

  const stateful = new StatefulStack(app, names.stateful, {
    stackName: names.stateful,
    description: `newshound ${config.stage}: table, feeds bucket and CDN, queues, secrets (retained)`,
    env,
    stage: config.stage,
    tableCapacity: options.tableCapacity ?? 'on-demand',
    terminationProtection: config.stage === 'prod',
  });
  const stateless = new StatelessStack(app, names.stateless, {
    stackName: names.stateless,
    description: `newshound ${config.stage}: functions, schedules, HTTP API`,
    env,
    stateful,
    stage: config.stage,
    publicUrl,
    emailFrom: config.email.from,
    senderIdentities: identities,
    configHash: configHash(config),
    config,
    tracing: options.tracing ?? false,
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
    ...(options.functionAlarms ? { functionAlarms: options.functionAlarms } : {}),
  });
  stateless.addStackDependency(stateful);

  for (const stack of [stateful, stateless]) {
    Tags.of(stack).add('app', 'newshound');
    Tags.of(stack).add('stage', config.stage);
  }
  return { stateful, stateless, senderIdentities: identities };
}
