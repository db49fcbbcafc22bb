/**
 * `newshound partner-token` and `newshound webhook-key` against a Secrets Manager endpoint (the local stand-in): they
 * print the id's value, adding a generated one when there is none, keep every other entry, rotate or set on request,
 * and refuse bad input without touching the secret.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as partnerToken } from '../../../cli/commands/partner-token.js';
import { run as webhookKey } from '../../../cli/commands/webhook-key.js';
import { startSecretsManager, type LocalSecretsManager } from '../../../infra/local/aws/secrets-manager-server.js';
import { runCommand } from '../topics-cli/capture.js';

const OTHER_KEY = 'key-of-another-receiver-0123456789abcdef';
const TOKEN = 'Z2l2ZW4tcGFydG5lci10b2tlbi1mb3ItdGVzdHMtMDEy';

let sm: LocalSecretsManager;
let keys: string;
let tokens: string;
const stored = (arn: string) => JSON.parse(sm.currentValue(arn)!) as Record<string, string>;
const at = (arn: string, ...argv: string[]) => [...argv, '--secret-id', arn, '--endpoint', sm.url, '--region', 'us-east-1'];

beforeAll(async () => {
  sm = await startSecretsManager();
  keys = sm.ensureSecret('Newshound-prod-Stateful/WebhookKeys', { value: JSON.stringify({ other: OTHER_KEY }) }).arn;
  tokens = sm.ensureSecret('Newshound-prod-Stateful/PartnerTokens', { value: '{}' }).arn;
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'admin');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'admin');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sm?.close();
});

describe('newshound webhook-key', () => {
  it('adds a generated key for a new receiver, prints only the key, and keeps the other receivers\' keys', async () => {
    const { code, stdout, stderr } = await runCommand(webhookKey, at(keys, 'ops-hook'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stderr).toContain('added a new key for subscriber ops-hook in WebhookKeys');
    expect(stderr).toContain('X-Newshound-Signature');
    expect(stored(keys)).toEqual({ other: OTHER_KEY, 'ops-hook': stdout });
  });

  it('prints the stored key again, and a new one with --rotate', async () => {
    const before = stored(keys)['ops-hook'];
    expect(await runCommand(webhookKey, at(keys, 'ops-hook'))).toMatchObject({ code: 0, stdout: before });
    const rotated = await runCommand(webhookKey, at(keys, 'ops-hook', '--rotate'));
    expect(rotated).toMatchObject({ code: 0, stderr: expect.stringContaining('replaced the key of subscriber ops-hook') });
    expect(rotated.stdout).not.toBe(before);
    expect(stored(keys)).toEqual({ other: OTHER_KEY, 'ops-hook': rotated.stdout });
  });

  it.each([
    ['no --secret-id', ['ops-hook'], '--secret-id is required: the stack output WebhookKeysSecretArn'],
    ['no id', ['--secret-id', 'x'], 'give one subscriber id'],
    ['an id that is not one', ['Ops Hook', '--secret-id', 'x'], '"Ops Hook" is not a subscriber id'],
    ['a weak --value', ['ops-hook', '--secret-id', 'x', '--value', 'short'], '--value must be 32 to 256 printable ASCII characters'],
  ])('refuses %s with exit code 2, touching nothing', async (_name, argv, message) => {
    const before = sm.currentValue(keys);
    const { code, stderr } = await runCommand(webhookKey, argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(sm.currentValue(keys)).toBe(before);
  });

  it('fails plainly when the secret does not hold a JSON object', async () => {
    const broken = sm.ensureSecret('broken-keys', { value: 'not json' }).arn;
    const { code, stderr } = await runCommand(webhookKey, at(broken, 'ops-hook'));
    expect(code).toBe(1);
    expect(stderr).toContain('does not hold a JSON object of id → value');
    expect(sm.currentValue(broken)).toBe('not json');
  });
});

describe('newshound partner-token', () => {
  it('stores a given token and tells where the partner\'s feeds are', async () => {
    const { code, stdout, stderr } = await runCommand(partnerToken, at(tokens, 'acme', '--value', TOKEN));
    expect({ code, stdout }).toEqual({ code: 0, stdout: TOKEN });
    expect(stderr).toContain('/feeds/private/<token>/index.html');
    expect(stored(tokens)).toEqual({ acme: TOKEN });
  });

  it('refuses a token that is not URL-safe and long enough', async () => {
    const { code, stderr } = await runCommand(partnerToken, at(tokens, 'globex', '--value', 'has spaces and is not a token at all'));
    expect(code).toBe(2);
    expect(stderr).toContain('--value must be at least 32 characters of A-Z a-z 0-9 _ -');
    expect(stored(tokens)).toEqual({ acme: TOKEN });
  });
});
