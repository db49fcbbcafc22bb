/**
 * Adds, keeps or rotates entries of a secret map (the partner-tokens and webhook-keys parameters: one JSON object of
 * id → value each, an SSM SecureString) through the SSM API. The admin CLI does it in AWS (npx newshound
 * partner-token / webhook-key), the local runtime for the partners and webhook receivers of its config. A map that
 * does not exist yet is empty.
 */
import { randomBytes } from 'node:crypto';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { readSecretParameter, writeSecretParameter } from './secret-parameters.js';

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

export async function ensureSecretMapEntries(client: SSMClient, parameter: string, wanted: readonly WantedEntry[]): Promise<EntriesResult> {
  const stored = await readSecretMap(client, parameter);
  const next = { ...stored };
  const outcomes: EntriesResult['outcomes'] = {};
  for (const entry of wanted) {
    const current = stored[entry.id];
    const value = entry.value ?? (current === undefined || entry.rotate ? randomSecretValue() : current);
    outcomes[entry.id] = current === undefined ? 'created' : value === current ? 'kept' : 'replaced';
    next[entry.id] = value;
  }
  if (Object.values(outcomes).some((o) => o !== 'kept')) {
    await writeSecretParameter(client, parameter, JSON.stringify(next));
  }
  return { values: Object.fromEntries(wanted.map((e) => [e.id, next[e.id]!])), outcomes };
}

async function readSecretMap(client: SSMClient, parameter: string): Promise<Record<string, string>> {
  const text = await readSecretParameter(client, parameter);
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${parameter} does not hold a JSON object of id → value; fix its value first (aws ssm get-parameter --with-decryption, then put-parameter --overwrite)`);
  }
  return parsed as Record<string, string>;
}
