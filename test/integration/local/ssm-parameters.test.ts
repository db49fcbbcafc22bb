/**
 * The functions' secret reader (shared/runtime/platform/ssm-parameters.ts) against the local Parameter Store, and the
 * store's own AWS semantics: values come decrypted and are cached for the max age, an unset admin secret fails each
 * read until it is set (never cached), an unset map reads as empty, a generated secret is created once however many
 * containers race for it, and PutParameter/GetParameter/DeleteParameter answer as AWS does.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteParameterCommand, GetParameterCommand, ParameterAlreadyExists, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startParameterStore, type LocalParameterStore } from '../../../infra/local/aws/ssm-server.js';
import type { AppConfig } from '../../../shared/runtime/app-config.js';
import { ssmParameterSecrets } from '../../../shared/runtime/platform/ssm-parameters.js';
import { systemClock } from '../../../shared/runtime/system-clock.js';
import type { FunctionName } from '../../../shared/topology/functions.js';

let ssm: LocalParameterStore;
let client: SSMClient;
let stage = 0;

beforeAll(async () => {
  ssm = await startParameterStore();
  client = new SSMClient({ endpoint: ssm.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  vi.stubEnv('AWS_ENDPOINT_URL_SSM', ssm.url);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  client?.destroy();
  await ssm?.close();
});
afterEach(() => void vi.useRealTimers());

/** A fresh container of `name` reading the parameters of a stage of its own. */
function container(name: FunctionName, parameters: Record<string, string>) {
  const env = { ...process.env, ...parameters };
  return ssmParameterSecrets({ env, config: {} as AppConfig, clock: systemClock, name });
}
const put = (Name: string, Value: string, Overwrite = false) => client.send(new PutParameterCommand({ Name, Value, Type: 'SecureString', Overwrite }));
const freshStage = () => `/newshound/t${++stage}`;

describe('the secret reader', () => {
  it('reads a SecureString decrypted, keeps it for the max age, and takes a fresh read on request', async () => {
    const path = freshStage();
    await put(`${path}/telegram-bot-token`, '100:first-token-0123456789abcdef');
    await put(`${path}/signing-key`, 'signing-key-0123456789abcdef0123456789');
    const secrets = container('send-telegram', { TELEGRAM_BOT_TOKEN_PARAMETER: `${path}/telegram-bot-token`, SIGNING_KEY_PARAMETER: `${path}/signing-key` });
    expect(await secrets.secret('telegramBotToken')).toBe('100:first-token-0123456789abcdef');
    await put(`${path}/telegram-bot-token`, '100:second-token-0123456789abcdef', true);
    expect(await secrets.secret('telegramBotToken')).toBe('100:first-token-0123456789abcdef');
    expect(await secrets.secret('telegramBotToken', { fresh: true })).toBe('100:second-token-0123456789abcdef');
  });

  it('fails each read of an unset bot token, naming the command that sets it, and reads it once set (nothing cached)', async () => {
    const path = freshStage();
    const secrets = container('telegram-webhook', { TELEGRAM_BOT_TOKEN_PARAMETER: `${path}/telegram-bot-token` });
    const unset = `secret telegramBotToken is unset: ${path}/telegram-bot-token does not exist yet (newshound secret set telegram-bot-token)`;
    await expect(secrets.secret('telegramBotToken')).rejects.toThrow(unset);
    await expect(secrets.secret('telegramBotToken')).rejects.toThrow(unset);
    await put(`${path}/telegram-bot-token`, '100:set-later-0123456789abcdef');
    expect(await secrets.secret('telegramBotToken')).toBe('100:set-later-0123456789abcdef');
  });

  it('reads an unset map as empty, and its entries once the CLI has written them', async () => {
    const path = freshStage();
    const secrets = container('publish-feeds', { PARTNER_TOKENS_PARAMETER: `${path}/partner-tokens` });
    expect(await secrets.secret('partnerTokens')).toBe('{}');
    await put(`${path}/partner-tokens`, '{"acme":"token"}');
    expect(await secrets.secret('partnerTokens')).toBe('{"acme":"token"}');
  });

  it('generates the signing key once when containers race for it, and every container reads that one', async () => {
    const path = freshStage();
    const env = { SIGNING_KEY_PARAMETER: `${path}/signing-key` };
    const containers = [container('subscriptions', env), container('send-email', env), container('send-telegram', { ...env, TELEGRAM_BOT_TOKEN_PARAMETER: `${path}/x` }), container('subscriptions', env)];
    const keys = await Promise.all(containers.map((c) => c.secret('signingKey')));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const { Parameter } = await client.send(new GetParameterCommand({ Name: `${path}/signing-key`, WithDecryption: true }));
    expect(Parameter).toMatchObject({ Type: 'SecureString', Version: 1, Value: keys[0] });
  });

  it('refuses a secret the function\'s topology entry does not list', async () => {
    const secrets = container('publish-feeds', { PARTNER_TOKENS_PARAMETER: '/newshound/x/partner-tokens' });
    await expect(secrets.secret('signingKey')).rejects.toThrow('publish-feeds may not read the signingKey secret');
  });
});

describe('the local Parameter Store', () => {
  it('answers as AWS does: versions, ParameterAlreadyExists without Overwrite, ciphertext without WithDecryption, ParameterNotFound', async () => {
    expect(await put('/p/a', 'one')).toMatchObject({ Version: 1, Tier: 'Standard' });
    await expect(put('/p/a', 'two')).rejects.toBeInstanceOf(ParameterAlreadyExists);
    expect(await put('/p/a', 'two', true)).toMatchObject({ Version: 2 });
    const encrypted = await client.send(new GetParameterCommand({ Name: '/p/a' }));
    expect(encrypted.Parameter?.Value).not.toContain('two');
    expect((await client.send(new GetParameterCommand({ Name: '/p/a', WithDecryption: true }))).Parameter).toMatchObject({ Name: '/p/a', Value: 'two', Version: 2, ARN: 'arn:aws:ssm:us-east-1:000000000000:parameter/p/a' });
    await client.send(new DeleteParameterCommand({ Name: '/p/a' }));
    await expect(client.send(new GetParameterCommand({ Name: '/p/a' }))).rejects.toBeInstanceOf(ParameterNotFound);
    await expect(client.send(new DeleteParameterCommand({ Name: '/p/a' }))).rejects.toBeInstanceOf(ParameterNotFound);
  });

  it('holds 4 KB in the standard tier and up to 8 KB with Intelligent-Tiering (advanced)', async () => {
    await expect(client.send(new PutParameterCommand({ Name: '/p/big', Value: 'x'.repeat(4097), Type: 'SecureString' }))).rejects.toThrow(/maximum parameter value of 4096/);
    expect(await client.send(new PutParameterCommand({ Name: '/p/big', Value: 'x'.repeat(4097), Type: 'SecureString', Tier: 'Intelligent-Tiering' }))).toMatchObject({ Tier: 'Advanced' });
    await expect(client.send(new PutParameterCommand({ Name: '/p/big', Value: 'x'.repeat(8193), Type: 'SecureString', Tier: 'Intelligent-Tiering', Overwrite: true }))).rejects.toThrow(/maximum parameter value of 8192/);
  });

  it('persists to a file only its user can read, and finds the values again after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-'));
    try {
      const file = join(dir, 'ssm-parameters.json');
      const first = await startParameterStore({ file });
      const c = new SSMClient({ endpoint: first.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      await c.send(new PutParameterCommand({ Name: '/newshound/local/signing-key', Value: 'kept-across-restarts', Type: 'SecureString' }));
      c.destroy();
      await first.close();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const second = await startParameterStore({ file });
      expect(second.value('/newshound/local/signing-key')).toBe('kept-across-restarts');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
