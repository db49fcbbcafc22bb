import { prodConfig } from '../../infra/config/index.js';
import type { AppConfig } from './app-config.js';
import { FunctionEnv, requireEnv } from './lambda-env.js';

/**
 * The deployed config: feeds, topics and subscribers are bundled from infra/config at build time
 * (a change ships with `cdk deploy`); deploy-time values come from the stack's environment.
 * Validated at cold start: a bad value names its key.
 */
export function loadLambdaConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return prodConfig({
    stage: requireEnv(FunctionEnv.stage, env),
    publicBaseUrl: requireEnv(FunctionEnv.publicBaseUrl, env),
    email: { from: requireEnv(FunctionEnv.emailFrom, env) },
  });
}
