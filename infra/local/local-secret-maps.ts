/**
 * What an admin does with the CLI after a deploy, done by the local runtime at every start: each active partner of
 * the config gets a token in the PartnerTokens secret and each webhook receiver a key in the WebhookKeys secret.
 * A value given inline in the local config is used as is; otherwise a stored one is kept, or one is generated.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { inlineSecrets } from '../../shared/runtime/config-secrets.js';
import { LOCAL_REGION, type LocalDeployment } from './aws/local-deployment.js';
import { ensureSecretMapEntries, type WantedEntry } from '../secrets/secret-map-entries.js';

export async function provisionLocalSecretMaps(config: AppConfig, deployment: Pick<LocalDeployment, 'secrets'>, secretsManagerUrl: string): Promise<void> {
  const inline = inlineSecrets(config);
  const wanted = (secret: 'PartnerTokens' | 'WebhookKeys', ids: string[]): WantedEntry[] =>
    ids.map((id) => {
      const value = inline.find((s) => s.secret === secret && s.id === id)?.value;
      return value === undefined ? { id } : { id, value };
    });
  const partners = wanted('PartnerTokens', (config.partners ?? []).filter((p) => !p.revoked).map((p) => p.id));
  const receivers = wanted('WebhookKeys', config.subscribers.filter((s) => s.webhookUrl).map((s) => s.id));

  const client = new SecretsManagerClient({ region: LOCAL_REGION, endpoint: secretsManagerUrl, credentials: { accessKeyId: 'LOCALRUNTIME', secretAccessKey: 'local' } });
  try {
    for (const [logicalPrefix, entries] of [['PartnerTokens', partners], ['WebhookKeys', receivers]] as const) {
      if (entries.length === 0) continue;
      const secret = deployment.secrets.find((s) => s.logicalId.startsWith(logicalPrefix));
      if (!secret) throw new Error(`the synthesized stacks have no ${logicalPrefix} secret`);
      await ensureSecretMapEntries(client, secret.arn, entries);
    }
  } finally {
    client.destroy();
  }
}
