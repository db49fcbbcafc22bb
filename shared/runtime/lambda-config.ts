import { ConfigError } from '../ports/errors.js';
import { FunctionEnv } from '../topology/environment.js';
import { type AppConfig, type AppConfigInput, parseAppConfig } from './app-config.js';
import { withoutInlineSecrets } from './config-secrets.js';
import { requireEnv } from './lambda-env.js';

/**
 * The config as code (feeds, topics, subscribers, delivery, ...) travels inside each Lambda bundle: the bundler
 * replaces this identifier with the base64 JSON of the config that synth validated (infra/constructs/bundle-options.ts),
 * so what runs is what synth checked. Deploy-time values (stage, public URL, sender) come from the environment.
 */
declare const NEWSHOUND_CONFIG: string | undefined;
export const BUNDLED_CONFIG_IDENTIFIER = 'NEWSHOUND_CONFIG';

/** The deploy-time keys: the stack sets them in the environment, not in the bundle. */
type DeployTimeKeys = 'stage' | 'publicBaseUrl';
export type BundledConfig = Omit<AppConfigInput, DeployTimeKeys>;

/**
 * What the bundler puts in place of NEWSHOUND_CONFIG: a JavaScript string literal (base64 survives any shell quoting).
 * Never a secret value: inline partner tokens and webhook keys (local stage) are left out; functions read them from
 * SSM Parameter Store.
 */
export function bundledConfigDefine(config: AppConfig): string {
  const { stage: _stage, publicBaseUrl: _url, ...bundled } = withoutInlineSecrets(config);
  return JSON.stringify(Buffer.from(JSON.stringify(bundled), 'utf8').toString('base64'));
}

function readBundledConfig(): BundledConfig {
  if (typeof NEWSHOUND_CONFIG !== 'string') {
    throw new ConfigError(BUNDLED_CONFIG_IDENTIFIER, 'no config was bundled into this function (build it with the bundle options in infra/constructs/bundle-options.ts)');
  }
  return JSON.parse(Buffer.from(NEWSHOUND_CONFIG, 'base64').toString('utf8')) as BundledConfig;
}

/** The deployed config, validated at cold start: a bad value names its key. */
export function loadLambdaConfig(env: NodeJS.ProcessEnv = process.env, bundled: BundledConfig = readBundledConfig()): AppConfig {
  return parseAppConfig({
    ...bundled,
    stage: requireEnv(FunctionEnv.stage, env),
    publicBaseUrl: requireEnv(FunctionEnv.publicBaseUrl, env),
    email: { ...bundled.email, from: requireEnv(FunctionEnv.emailFrom, env) },
  });
}
