import { startAwsJsonServer } from './aws-json-server.js';
import { generateSecretString, type GenerateSecretString } from './generate-secret-string.js';
import { secretsManagerOperations } from './secrets-manager-operations.js';
import { CURRENT, SecretsManagerStore } from './secrets-manager-store.js';

export type { GenerateSecretString } from './generate-secret-string.js';

export interface LocalSecretsManager {
  /** http://127.0.0.1:<port>; point the SDK at it with AWS_ENDPOINT_URL_SECRETS_MANAGER. */
  url: string;
  /**
   * Creates the secret if absent (idempotent by name: an existing secret keeps its value) and returns its ARN. `value`
   * or `generate` gives the first value; with neither the secret has no value yet and GetSecretValue fails as in AWS.
   */
  ensureSecret(name: string, init?: { value?: string; generate?: GenerateSecretString; description?: string }): { arn: string; name: string };
  /** The AWSCURRENT value, for the local runtime itself (handlers go through the API). */
  currentValue(idOrArn: string): string | undefined;
  arnOf(name: string): string | undefined;
  close(): Promise<void>;
}

/** A Secrets Manager stand-in on loopback speaking the AWS JSON 1.1 protocol; persisted to `file` when given, in memory otherwise. */
export async function startSecretsManager(
  options: { host?: string; port?: number; file?: string; region?: string; accountId?: string } = {},
): Promise<LocalSecretsManager> {
  const store = new SecretsManagerStore({ file: options.file, region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' });
  const server = await startAwsJsonServer({
    host: options.host,
    port: options.port,
    targetPrefix: 'secretsmanager',
    operations: secretsManagerOperations(store),
    internalErrorType: 'InternalServiceError',
  });
  return {
    url: server.url,
    ensureSecret(name, init = {}) {
      if (init.value !== undefined && init.generate !== undefined) throw new Error(`ensureSecret ${name}: give value or generate, not both`);
      const secret =
        store.find(name) ??
        store.createSecret({
          name,
          description: init.description,
          value: init.generate ? generateSecretString(init.generate) : init.value,
        });
      return { arn: secret.arn, name: secret.name };
    },
    currentValue(idOrArn) {
      const secret = store.find(idOrArn);
      return secret?.versions.find((v) => v.stages.includes(CURRENT))?.value;
    },
    arnOf: (name) => store.find(name)?.arn,
    close: server.close,
  };
}
