import { createHash } from 'node:crypto';
import { Annotations, type App, type Environment, Tags } from 'aws-cdk-lib';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { prodConfigInput } from '../config/index.js';
import { type DeployOptions, senderIdentity } from './deploy-options.js';
import { StatefulStack } from './stateful-stack.js';
import { stackNames } from './stack-names.js';
import { StatelessStack } from './stateless-stack.js';

export interface NewshoundStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
  /** The SES identity the sender's grant names. */
  senderIdentity: string;
}

/** A stable digest of the validated config: changes whenever feeds, topics or subscribers do. */
export function configHash(config: AppConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
}

export { stackNames } from './stack-names.js';

/** Adds the stateful and the stateless stack of one stage to the app. The config is already validated. */
export function addNewshoundStacks(app: App, config: AppConfig, options: DeployOptions): NewshoundStacks {
  const identity = senderIdentity(config, options);
  const env: Environment | undefined = options.account || options.region ? { account: options.account, region: options.region } : undefined;
  const names = stackNames(config.stage);

  const stateful = new StatefulStack(app, names.stateful, {
    stackName: names.stateful,
    description: `newshound ${config.stage}: table, feeds bucket and CDN, queues, secrets (retained)`,
    env,
    stage: config.stage,
    tableCapacity: options.tableCapacity,
    terminationProtection: config.stage === 'prod',
  });
  const stateless = new StatelessStack(app, names.stateless, {
    stackName: names.stateless,
    description: `newshound ${config.stage}: functions, schedules, HTTP API`,
    env,
    stateful,
    stage: config.stage,
    publicBaseUrl: config.publicBaseUrl,
    emailFrom: config.email.from,
    senderIdentity: identity,
    configHash: configHash(config),
    config,
    tracing: options.tracing,
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
  });
  stateless.addStackDependency(stateful);

  for (const stack of [stateful, stateless]) {
    Tags.of(stack).add('app', 'newshound');
    Tags.of(stack).add('stage', config.stage);
  }
  if (config.publicBaseUrl === prodConfigInput.publicBaseUrl) {
    Annotations.of(stateless).addWarningV2(
      'newshound:publicBaseUrl',
      `publicBaseUrl is the placeholder ${config.publicBaseUrl}; deploy with -c publicBaseUrl=<ApiUrl or custom domain>`,
    );
  }
  if (config.email.from === prodConfigInput.email.from) {
    Annotations.of(stateless).addWarningV2('newshound:emailFrom', `email.from is the placeholder ${config.email.from}; deploy with -c emailFrom=<verified sender>`);
  }
  return { stateful, stateless, senderIdentity: identity };
}
