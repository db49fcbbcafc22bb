import { checkTopicExamples } from '../../shared/domain/topics/index.js';
import { ConfigError } from '../../shared/ports/errors.js';
import type { AppConfig, AppConfigInput } from '../../shared/runtime/app-config.js';
import { type InlineSecret, inlineSecrets } from '../../shared/runtime/config-secrets.js';
import { concurrencyProblems } from '../../shared/topology/concurrency.js';
import { prodConfig, prodConfigInput } from '../config/index.js';
import { configOverrides, type DeployOptions, deployOptionsFromContext, senderIdentity } from './deploy-options.js';

export type LoadedConfig = { ok: true; config: AppConfig; options: DeployOptions } | { ok: false; errors: string[] };

export interface LoadConfigDeps {
  /** Builds the validated config from deploy-time overrides (prodConfig; tests pass their own). */
  build?: (overrides: Partial<AppConfigInput>) => AppConfig;
  base?: AppConfigInput;
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything synth must refuse before building a stack: context values, the zod-validated config
 * (errors name the key), the sender identity, secret values given inline outside the local stage, functions
 * that cannot fit the account's Lambda concurrency, and every topic's query and examples.
 */
export function loadDeployConfig(context: Parameters<typeof deployOptionsFromContext>[0], deps: LoadConfigDeps = {}): LoadedConfig {
  const build = deps.build ?? prodConfig;
  let options: DeployOptions;
  let config: AppConfig;
  try {
    options = deployOptionsFromContext(context, deps.env ?? process.env);
    config = build(configOverrides(options, deps.base ?? prodConfigInput));
    senderIdentity(config, options);
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, errors: [`Error: ${error.message}`] };
    throw error;
  }
  const inline = config.stage === 'local' ? [] : inlineSecrets(config);
  if (inline.length > 0) return { ok: false, errors: inline.map((secret) => inlineSecretError(secret, config.stage)) };
  const tooMany = concurrencyProblems(options.lambdaConcurrencyQuota, 'lambdaConcurrencyQuota');
  if (tooMany.length > 0) return { ok: false, errors: tooMany.map((p) => `Error: ${p}`) };
  const failures = checkTopicExamples(config.topics);
  if (failures.length > 0) {
    return { ok: false, errors: failures.map((f) => `Error: topic ${f.topicId} (${f.kind}): ${f.message}`) };
  }
  return { ok: true, config, options };
}

const SECRET_COMMANDS: Record<InlineSecret['secret'], string> = { PartnerTokens: 'partner-token', WebhookKeys: 'webhook-key' };

function inlineSecretError(secret: InlineSecret, stage: string): string {
  return (
    `Error: Invalid config at ${secret.key}: a secret value in the config would be bundled into the functions (only the local stage may give one inline); ` +
    `remove it and store it with: npx newshound ${SECRET_COMMANDS[secret.secret]} ${secret.id} --stage ${stage} --value <value>`
  );
}
