/**
 * Adds, keeps or rotates entries of a secret map (the PartnerTokens and WebhookKeys secrets: one JSON object of
 * id → value each) through the Secrets Manager API. The admin CLI does it in AWS (npx newshound partner-token /
 * webhook-key), the local runtime for the partners and webhook receivers of its config.
 */
import { randomBytes } from 'node:crypto';
import { GetSecretValueCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** 32 random bytes, base64url: 43 characters, a strong partner token and webhook key alike. */
export const randomSecretValue = (): string => randomBytes(32).toString('base64url');

export interface WantedEntry {
  id: string;
  /** The value to store; absent: keep the stored one, or generate one when there is none (or when rotating). */
  value?: string;
  rotate?: boolean;
}

export interface EntriesResult {
  /** Every wanted id's value as now stored. */
  values: Record<string, string>;
  /** Per wanted id: what happened. */
  outcomes: Record<string, 'kept' | 'created' | 'replaced'>;
}

export async function ensureSecretMapEntries(client: SecretsManagerClient, secretId: string, wanted: readonly WantedEntry[]): Promise<EntriesResult> {
  const stored = await readSecretMap(client, secretId);
  const next = { ...stored };
  const outcomes: EntriesResult['outcomes'] = {};
  for (const entry of wanted) {
    const current = stored[entry.id];
    const value = entry.value ?? (current === undefined || entry.rotate ? randomSecretValue() : current);
    outcomes[entry.id] = current === undefined ? 'created' : value === current ? 'kept' : 'replaced';
    next[entry.id] = value;
  }
  if (Object.values(outcomes).some((o) => o !== 'kept')) {
    await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(next, null, 2) }));
  }
  return { values: Object.fromEntries(wanted.map((e) => [e.id, next[e.id]!])), outcomes };
}

async function readSecretMap(client: SecretsManagerClient, secretId: string): Promise<Record<string, string>> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(SecretString ?? '');
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${secretId} does not hold a JSON object of id → value; fix its value first (aws secretsmanager get-secret-value, then put-secret-value)`);
  }
  return parsed as Record<string, string>;
}
