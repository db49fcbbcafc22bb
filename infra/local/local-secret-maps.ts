/**
 * What an admin does with the CLI after a deploy, done by the local runtime at every start: each active partner of
 * the config gets a token in the partner-tokens parameter and each webhook receiver a key in the webhook-keys one.
 * A value given inline in the local config is used as is; otherwise a stored one is kept, or one is generated.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { inlineSecrets } from '../../shared/runtime/config-secrets.js';
import { secretParameterName } from '../../shared/topology/functions.js';
import { LOCAL_REGION } from './aws/local-deployment.js';
import { ensureSecretMapEntries, type WantedEntry } from '../secrets/secret-map-entries.js';

export async function provisionLocalSecretMaps(config: AppConfig, ssmUrl: string): Promise<void> {
  const inline = inlineSecrets(config);
  const wanted = (secret: 'PartnerTokens' | 'WebhookKeys', ids: string[]): WantedEntry[] =>
    ids.map((id) => {
      const value = inline.find((s) => s.secret === secret && s.id === id)?.value;
      return value === undefined ? { id } : { id, value };
    });
  const partners = wanted('PartnerTokens', (config.partners ?? []).filter((p) => !p.revoked).map((p) => p.id));
  const receivers = wanted('WebhookKeys', config.subscribers.filter((s) => s.webhookUrl).map((s) => s.id));

  const client = localSsmClient(ssmUrl);
  try {
    for (const [secret, entries] of [['partnerTokens', partners], ['webhookKeys', receivers]] as const) {
      if (entries.length > 0) await ensureSecretMapEntries(client, secretParameterName(config.stage, secret), entries);
    }
  } finally {
    client.destroy();
  }
}

/** A client for the local runtime itself, straight to the local Parameter Store (not through the gateway). */
export function localSsmClient(ssmUrl: string): SSMClient {
  return new SSMClient({ region: LOCAL_REGION, endpoint: ssmUrl, credentials: { accessKeyId: 'LOCALRUNTIME', secretAccessKey: 'local' } });
}
