/**
 * The bench's Parameter Store: fixed values (a scenario gives the partner tokens and webhook keys it configures),
 * readable only by the functions the topology grants them to. Each read is counted (which function reads which
 * secret, per invocation); what the reads cost depends on the cache in front of Parameter Store, which the cost
 * model prices per container and cache period (cost-model.ts).
 */
import type { SecretReader } from '../../shared/runtime/ports.js';
import { entryOf, type FunctionName, type SecretName } from '../../shared/topology/functions.js';
import { count } from './trace.js';

const VALUES: Record<SecretName, string> = {
  signingKey: 'cost-model-signing-key-0123456789abcdef',
  telegramBotToken: '100000:cost-model-bot-token-0123456789abcdef',
  partnerTokens: '{}',
  webhookKeys: '{}',
  websubKey: 'cost-model-websub-key-0123456789abcdef',
};

export function benchSecrets(name: FunctionName, values: Partial<Record<SecretName, string>> = {}): SecretReader {
  const granted = new Set<SecretName>(entryOf(name).secrets ?? []);
  return {
    async secret(secret) {
      if (!granted.has(secret)) throw new Error(`${name} may not read the ${secret} secret (shared/topology/functions.ts)`);
      count({ service: 'ssm', op: `read ${secret}`, calls: 1 });
      return values[secret] ?? VALUES[secret];
    },
  };
}
