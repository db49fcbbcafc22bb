import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { secretArnEnv } from '../../topology/environment.js';
import { entryOf, type SecretName } from '../../topology/functions.js';
import { requireEnv } from '../lambda-env.js';
import type { CapabilityFactory, SecretReader } from '../ports.js';

/** Seconds a secret's value is cached in a container: a value the admin changes is picked up within this. */
export const SECRET_MAX_AGE_SECONDS = 300;

/** Secrets Manager, by the ARNs the stack put in the environment (never the values), through Powertools' cache. */
export const secretsManagerSecrets: CapabilityFactory<SecretReader> = ({ env, name }) => {
  const arns = new Map((entryOf(name).secrets ?? []).map((secret) => [secret, requireEnv(secretArnEnv(secret), env)]));
  return {
    async secret(secret: SecretName, options: { fresh?: boolean } = {}): Promise<string> {
      const arn = arns.get(secret);
      if (!arn) throw new Error(`${name} may not read the ${secret} secret (shared/topology/functions.ts)`);
      const value = await getSecret(arn, { maxAge: SECRET_MAX_AGE_SECONDS, ...(options.fresh ? { forceFetch: true } : {}) });
      if (typeof value !== 'string' || value.length === 0) throw new Error(`secret ${secret} (${arn}) has no value`);
      return value;
    },
  };
};
