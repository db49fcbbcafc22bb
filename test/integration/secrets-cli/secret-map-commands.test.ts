/**
 * `newshound partner-token`, `newshound webhook-key` and `newshound secret set` against an SSM endpoint (the local
 * Parameter Store): the map commands print the id's value, adding a generated one when there is none (creating the
 * parameter on first use), keep every other entry, rotate or set on request; `secret set` stores stdin as a
 * SecureString; all refuse bad input without touching anything.
 */
import { Readable } from 'node:stream';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as partnerToken } from '../../../cli/commands/partner-token.js';
import { run as secret } from '../../../cli/commands/secret.js';
import { run as webhookKey } from '../../../cli/commands/webhook-key.js';
import { startParameterStore, type LocalParameterStore } from '../../../infra/local/aws/ssm-server.js';
import { telegramWebhookSecret } from '../../../shared/domain/subscription/telegram-webhook-secret.js';
import { runCommand } from '../topics-cli/capture.js';

const OTHER_KEY = 'key-of-another-receiver-0123456789abcdef';
const TOKEN = 'Z2l2ZW4tcGFydG5lci10b2tlbi1mb3ItdGVzdHMtMDEy';
const BOT_TOKEN = '123456:AAbbCCddEEffGGhhIIjjKKllMMnn_-0';
const KEYS = '/newshound/prod/webhook-keys';
const TOKENS = '/newshound/prod/partner-tokens';

let ssm: LocalParameterStore;
let client: SSMClient;
const stored = (name: string) => JSON.parse(ssm.value(name)!) as Record<string, string>;
const at = (...argv: string[]) => [...argv, '--endpoint', ssm.url, '--region', 'us-east-1'];
const inProd = (...argv: string[]) => at(...argv, '--stage', 'prod');

beforeAll(async () => {
  ssm = await startParameterStore();
  client = new SSMClient({ endpoint: ssm.url, region: 'us-east-1', credentials: { accessKeyId: 'admin', secretAccessKey: 'admin' } });
  await client.send(new PutParameterCommand({ Name: KEYS, Value: JSON.stringify({ other: OTHER_KEY }), Type: 'SecureString' }));
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'admin');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'admin');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  client?.destroy();
  await ssm?.close();
});

describe('newshound webhook-key', () => {
  it('adds a generated key for a new receiver, prints only the key, and keeps the other receivers\' keys', async () => {
    const { code, stdout, stderr } = await runCommand(webhookKey, inProd('ops-hook'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stderr).toContain(`added a new key for subscriber ops-hook in ${KEYS}`);
    expect(stderr).toContain('X-Newshound-Signature');
    expect(stored(KEYS)).toEqual({ other: OTHER_KEY, 'ops-hook': stdout });
  });

  it('prints the stored key again, and a new one with --rotate', async () => {
    const before = stored(KEYS)['ops-hook'];
    expect(await runCommand(webhookKey, inProd('ops-hook'))).toMatchObject({ code: 0, stdout: before });
    const rotated = await runCommand(webhookKey, inProd('ops-hook', '--rotate'));
    expect(rotated).toMatchObject({ code: 0, stderr: expect.stringContaining('replaced the key of subscriber ops-hook') });
    expect(rotated.stdout).not.toBe(before);
    expect(stored(KEYS)).toEqual({ other: OTHER_KEY, 'ops-hook': rotated.stdout });
  });

  it.each([
    ['no --stage', ['ops-hook'], "--stage is required: the stage you deployed (the config's stage)"],
    ['a --stage that is not one', ['ops-hook', '--stage', 'Prod/x'], '--stage must be lower-case letters, digits and hyphens'],
    ['no id', ['--stage', 'prod'], 'give one subscriber id'],
    ['an id that is not one', ['Ops Hook', '--stage', 'prod'], '"Ops Hook" is not a subscriber id'],
    ['a weak --value', ['ops-hook', '--stage', 'prod', '--value', 'short'], '--value must be 32 to 256 printable ASCII characters'],
  ])('refuses %s with exit code 2, touching nothing', async (_name, argv, message) => {
    const before = ssm.value(KEYS);
    const { code, stderr } = await runCommand(webhookKey, at(...argv));
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(ssm.value(KEYS)).toBe(before);
  });

  it('fails plainly when the parameter does not hold a JSON object', async () => {
    await client.send(new PutParameterCommand({ Name: '/newshound/broken/webhook-keys', Value: 'not json', Type: 'SecureString' }));
    const { code, stderr } = await runCommand(webhookKey, at('ops-hook', '--stage', 'broken'));
    expect(code).toBe(1);
    expect(stderr).toContain('does not hold a JSON object of id → value');
    expect(ssm.value('/newshound/broken/webhook-keys')).toBe('not json');
  });
});

describe('newshound partner-token', () => {
  it('creates the map on first use with a given token and tells where the partner\'s feeds are', async () => {
    expect(ssm.value(TOKENS)).toBeUndefined();
    const { code, stdout, stderr } = await runCommand(partnerToken, inProd('acme', '--value', TOKEN));
    expect({ code, stdout }).toEqual({ code: 0, stdout: TOKEN });
    expect(stderr).toContain('/feeds/private/<token>/index.html');
    expect(stored(TOKENS)).toEqual({ acme: TOKEN });
  });

  it('refuses a token that is not URL-safe and long enough', async () => {
    const { code, stderr } = await runCommand(partnerToken, inProd('globex', '--value', 'has spaces and is not a token at all'));
    expect(code).toBe(2);
    expect(stderr).toContain('--value must be at least 32 characters of A-Z a-z 0-9 _ -');
    expect(stored(TOKENS)).toEqual({ acme: TOKEN });
  });

  it('keeps the map past the standard tier\'s 4 KB (about 60 partners) as an advanced parameter', async () => {
    for (let i = 0; i < 80; i++) expect((await runCommand(partnerToken, inProd(`partner-${i}`))).code).toBe(0);
    expect(Buffer.byteLength(ssm.value(TOKENS)!)).toBeGreaterThan(4096);
    expect(Object.keys(stored(TOKENS))).toHaveLength(81);
  });
});

describe('newshound secret set', () => {
  const withStdin = (text: string) => (argv: string[]) => secret(argv, Readable.from([text]));

  it('stores the bot token from stdin as a SecureString and prints the webhook secret_token derived from it', async () => {
    const { code, stdout, stderr } = await runCommand(withStdin(`${BOT_TOKEN}\n`), inProd('set', 'telegram-bot-token'));
    expect(code).toBe(0);
    expect(stdout).toBe(telegramWebhookSecret(BOT_TOKEN));
    expect(stderr).toContain('stored telegram-bot-token in /newshound/prod/telegram-bot-token (version 1)');
    expect(ssm.value('/newshound/prod/telegram-bot-token')).toBe(BOT_TOKEN);
  });

  it.each([
    ['a value that is not a bot token', ['set', 'telegram-bot-token', '--stage', 'prod'], 'not-a-token', 'the value on stdin must be the token @BotFather gave'],
    ['an unknown name', ['set', 'bot-token', '--stage', 'prod'], BOT_TOKEN, '"bot-token" is not a secret to set; one of telegram-bot-token, signing-key'],
    ['a map (it has its own command)', ['set', 'partner-tokens', '--stage', 'prod'], '{}', '"partner-tokens" is not a secret to set'],
    ['no --stage', ['set', 'telegram-bot-token'], BOT_TOKEN, '--stage is required'],
  ])('refuses %s with exit code 2, touching nothing', async (_name, argv, input, message) => {
    const { code, stderr } = await runCommand(withStdin(input), at(...argv));
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(ssm.value('/newshound/prod/telegram-bot-token')).toBe(BOT_TOKEN);
  });
});
