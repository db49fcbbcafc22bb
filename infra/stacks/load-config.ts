import { checkTopicExamples } from '../../shared/domain/topics/index.js';
import { ConfigError } from '../../shared/ports/errors.js';
import { type AppConfig, parseAppConfig } from '../../shared/runtime/app-config.js';
import { type InlineSecret, inlineSecrets } from '../../shared/runtime/config-secrets.js';
import { concurrencyProblems } from '../../shared/topology/concurrency.js';
import { configOverrides, type DeployOptions, deployOptionsFromContext, senderIdentities } from './deploy-options.js';
import { checkNoPlaceholders } from './placeholders.js';
import { CONFIG_KEY, MISSING_CONFIG_MESSAGE, type ProductionConfig, readProductionConfig } from './production-config.js';

export type LoadedConfig = { ok: true; config: AppConfig; options: DeployOptions } | { ok: false; errors: string[] };

type ContextReader = Parameters<typeof deployOptionsFromContext>[0];

export interface LoadConfigDeps {
  /** The deployment's config as read from its file (loadDeployConfigFile reads it; tests pass their own). */
  base?: ProductionConfig;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_STAGE = 'prod';

/**
 * Everything synth must refuse before building a stack: context values, the deployment's config (zod-validated,
 * errors name the key), placeholders and sample data in it, the sender identity, secret values given inline outside
 * the local stage, functions that cannot fit the account's Lambda concurrency, and every topic's query and examples.
 */
export function loadDeployConfig(context: ContextReader, deps: LoadConfigDeps = {}): LoadedConfig {
  let options: DeployOptions;
  let config: AppConfig;
  try {
    options = deployOptionsFromContext(context, deps.env ?? process.env);
    if (!deps.base) throw new ConfigError(CONFIG_KEY, MISSING_CONFIG_MESSAGE);
    const base = { ...deps.base, stage: DEFAULT_STAGE };
    config = parseAppConfig({ ...base, ...configOverrides(options, base) });
    checkNoPlaceholders(config, { source: options.config ?? 'the config file', options });
    senderIdentities(config, options);
  } catch (error) {
    return refused(error);
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

/** What `cdk synth` runs: reads the file `-c config` names, then loadDeployConfig. */
export async function loadDeployConfigFile(context: ContextReader, deps: Omit<LoadConfigDeps, 'base'> & { cwd?: string } = {}): Promise<LoadedConfig> {
  let base: ProductionConfig;
  try {
    base = await readProductionConfig(deployOptionsFromContext(context, deps.env ?? process.env).config, deps.cwd);
  } catch (error) {
    return refused(error);
  }
  return loadDeployConfig(context, { ...deps, base });
}

function refused(error: unknown): LoadedConfig {
  if (error instanceof ConfigError) return { ok: false, errors: [`Error: ${error.message}`] };
  throw error;
}

const SECRET_COMMANDS: Record<InlineSecret['secret'], string> = { PartnerTokens: 'partner-token', WebhookKeys: 'webhook-key' };

function inlineSecretError(secret: InlineSecret, stage: string): string {
  return (
    `Error: Invalid config at ${secret.key}: a secret value in the config would be bundled into the functions (only the local stage may give one inline); ` +
    `remove it and store it with: npx newshound ${SECRET_COMMANDS[secret.secret]} ${secret.id} --stage ${stage} --value <value>`
  );
}
