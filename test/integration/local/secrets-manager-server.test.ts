import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PROVIDERS } from '@aws-lambda-powertools/parameters/base';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { GetParameterError } from '@aws-lambda-powertools/parameters';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSecretsManager, type LocalSecretsManager } from '../../../infra/local/aws/secrets-manager-server.js';

let dir: string;
let sm: LocalSecretsManager | undefined;
let client: SecretsManagerClient | undefined;

/** Starts the stand-in and points both a plain SDK client and Powertools' getSecret (through the environment, as handlers do) at it. */
async function start(file?: string) {
  sm = await startSecretsManager({ file });
  client = new SecretsManagerClient({ endpoint: sm.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', sm.url);
  return { sm, client };
}

async function stop() {
  client?.destroy();
  await sm?.close();
  client = undefined;
  sm = undefined;
  // getSecret keeps one provider (and SDK client) per process; the next test's server listens elsewhere.
  delete DEFAULT_PROVIDERS.secrets;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newshound-secrets-'));
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
});
afterEach(async () => {
  await stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('local Secrets Manager through the AWS SDK and Powertools', () => {
  it('creates a secret and reads it by ARN, by name and by ARN without its random suffix', async () => {
    const { client } = await start();
    const created = await client.send(new CreateSecretCommand({ Name: 'newshound/signing-key', SecretString: 's3cret', Description: 'HMAC key' }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:newshound\/signing-key-[A-Za-z0-9]{6}$/);
    expect(created.VersionId).toBeTruthy();

    for (const id of [created.ARN!, 'newshound/signing-key', created.ARN!.slice(0, -7)]) {
      const got = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(got).toMatchObject({ ARN: created.ARN, Name: 'newshound/signing-key', VersionId: created.VersionId, SecretString: 's3cret', VersionStages: ['AWSCURRENT'] });
      expect(got.CreatedDate).toBeInstanceOf(Date);
    }
    expect(await getSecret(created.ARN!, { maxAge: 300 })).toBe('s3cret');
    expect(await client.send(new DescribeSecretCommand({ SecretId: created.ARN }))).toMatchObject({
      Name: 'newshound/signing-key',
      Description: 'HMAC key',
      VersionIdsToStages: { [created.VersionId!]: ['AWSCURRENT'] },
    });
  });

  it('makes a put value AWSCURRENT and the old one AWSPREVIOUS; getSecret sees it when forced past its cache', async () => {
    const { sm, client } = await start();
    const { arn } = sm.ensureSecret('bot-token', { value: 'first' });
    expect(await getSecret(arn, { maxAge: 300 })).toBe('first');

    const put = await client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'second' }));
    expect(put).toMatchObject({ ARN: arn, Name: 'bot-token', VersionStages: ['AWSCURRENT'] });
    expect(await getSecret(arn, { maxAge: 300 })).toBe('first');
    expect(await getSecret(arn, { maxAge: 300, forceFetch: true })).toBe('second');
    expect(sm.currentValue(arn)).toBe('second');

    const previous = await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPREVIOUS' }));
    expect(previous).toMatchObject({ SecretString: 'first', VersionStages: ['AWSPREVIOUS'] });
    await client.send(new PutSecretValueCommand({ SecretId: 'bot-token', SecretString: 'third' }));
    const { VersionIdsToStages } = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(Object.values(VersionIdsToStages ?? {}).sort()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    expect(VersionIdsToStages?.[put.VersionId!]).toEqual(['AWSPREVIOUS']);
  });

  it('treats a repeated ClientRequestToken as the same version and refuses to change its value', async () => {
    const { sm, client } = await start();
    sm.ensureSecret('webhook', { value: 'a' });
    const token = 'c0ffee00-0000-4000-8000-000000000001';
    const first = await client.send(new PutSecretValueCommand({ SecretId: 'webhook', SecretString: 'b', ClientRequestToken: token }));
    const again = await client.send(new PutSecretValueCommand({ SecretId: 'webhook', SecretString: 'b', ClientRequestToken: token }));
    expect([first.VersionId, again.VersionId]).toEqual([token, token]);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'webhook', VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('a');
    await expect(client.send(new PutSecretValueCommand({ SecretId: 'webhook', SecretString: 'c', ClientRequestToken: token }))).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('fails like AWS for a secret that has no value yet', async () => {
    const { sm, client } = await start();
    const { arn } = sm.ensureSecret('telegram-bot-token', { description: 'set me' });
    expect(sm.currentValue(arn)).toBeUndefined();

    const error = await client.send(new GetSecretValueCommand({ SecretId: arn })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toBe("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");

    const viaPowertools = await getSecret(arn).catch((e: unknown) => e);
    expect(viaPowertools).toBeInstanceOf(GetParameterError);
    expect((viaPowertools as Error).cause).toBeInstanceOf(ResourceNotFoundException);
  });

  it('fails with ResourceNotFoundException for an unknown id and ResourceExistsException for a duplicate name', async () => {
    const { sm, client } = await start();
    const missing = await client.send(new GetSecretValueCommand({ SecretId: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:nope-AbCdEf' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toBe("Secrets Manager can't find the specified secret.");
    await expect(client.send(new DescribeSecretCommand({ SecretId: 'nope' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new PutSecretValueCommand({ SecretId: 'nope', SecretString: 'x' }))).rejects.toBeInstanceOf(ResourceNotFoundException);

    sm.ensureSecret('taken', { value: 'x' });
    await expect(client.send(new CreateSecretCommand({ Name: 'taken', SecretString: 'y' }))).rejects.toBeInstanceOf(ResourceExistsException);
    expect(sm.currentValue('taken')).toBe('x');
  });

  it('lists every secret with its labelled versions', async () => {
    const { sm, client } = await start();
    sm.ensureSecret('one', { value: '1' });
    sm.ensureSecret('two');
    const { SecretList } = await client.send(new ListSecretsCommand({}));
    expect(SecretList?.map((s) => [s.Name, s.ARN, Object.values(s.SecretVersionsToStages ?? {})])).toEqual([
      ['one', sm.arnOf('one'), [['AWSCURRENT']]],
      ['two', sm.arnOf('two'), []],
    ]);
  });
});

describe('ensureSecret', () => {
  it('generates values that follow GenerateSecretString', async () => {
    const { sm, client } = await start();
    const { arn } = sm.ensureSecret('signing-key', { generate: { PasswordLength: 64, ExcludePunctuation: true } });
    expect((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toMatch(/^[A-Za-z0-9]{64}$/);

    sm.ensureSecret('default', { generate: {} });
    const byDefault = sm.currentValue('default')!;
    expect(byDefault).toHaveLength(32);
    for (const type of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(byDefault).toMatch(type);
    expect(byDefault).not.toContain(' ');

    sm.ensureSecret('narrow', { generate: { PasswordLength: 20, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true, ExcludeCharacters: 'abcdefghijklmnopqrstuvwx' } });
    expect(sm.currentValue('narrow')).toMatch(/^[yz]{20}$/);

    sm.ensureSecret('db', { generate: { GenerateStringKey: 'password', SecretStringTemplate: '{"username":"newshound"}', ExcludePunctuation: true } });
    expect(JSON.parse(sm.currentValue('db')!)).toEqual({ username: 'newshound', password: expect.stringMatching(/^[A-Za-z0-9]{32}$/) });

    expect(() => sm.ensureSecret('bad', { generate: { PasswordLength: 0 } })).toThrow(/PasswordLength/);
    expect(() => sm.ensureSecret('too-short', { generate: { PasswordLength: 3 } })).toThrow(/too short/);
    expect(sm.arnOf('bad')).toBeUndefined();
  });

  it('is idempotent by name: an existing secret keeps its ARN and value', async () => {
    const { sm } = await start();
    const first = sm.ensureSecret('key', { generate: {} });
    const value = sm.currentValue('key');
    expect(sm.ensureSecret('key', { value: 'other' })).toEqual(first);
    expect(sm.currentValue(first.arn)).toBe(value);
    expect(sm.arnOf('key')).toBe(first.arn);
  });
});

describe('persistence', () => {
  it('keeps secrets, ARNs and versions across a restart, in a file only this user can read', async () => {
    const file = path.join(dir, 'state', 'secrets-manager.json');
    let { sm, client } = await start(file);
    const { arn } = sm.ensureSecret('signing-key', { generate: { PasswordLength: 64 } });
    const generated = sm.currentValue(arn);
    const created = await client.send(new CreateSecretCommand({ Name: 'bot-token', SecretString: 'old' }));
    await client.send(new PutSecretValueCommand({ SecretId: 'bot-token', SecretString: 'new' }));
    await stop();

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file))).toEqual(['secrets-manager.json']);

    ({ sm, client } = await start(file));
    expect(sm.arnOf('signing-key')).toBe(arn);
    expect(sm.ensureSecret('signing-key', { generate: {} }).arn).toBe(arn);
    expect((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe(generated);
    expect(await client.send(new GetSecretValueCommand({ SecretId: created.ARN }))).toMatchObject({ ARN: created.ARN, SecretString: 'new' });
    expect((await client.send(new GetSecretValueCommand({ SecretId: created.ARN, VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('old');
  });

  it('keeps nothing without a file', async () => {
    let { sm } = await start();
    sm.ensureSecret('gone', { value: 'x' });
    await stop();
    ({ sm } = await start());
    expect(sm.arnOf('gone')).toBeUndefined();
  });

  it('refuses to start on a state file it cannot read, without quoting it', async () => {
    const file = path.join(dir, 'secrets-manager.json');
    await writeFile(file, '{"secrets": [{"name": "x", "value": "hunter2"');
    const error = await startSecretsManager({ file }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`${file} is not valid JSON`);
  });
});

describe('wire protocol errors', () => {
  const post = (url: string, body: string, target?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}) },
      body,
    });

  it('answers bad JSON, unknown operations and bad input with 400 and a __type', async () => {
    const { sm } = await start();
    const badJson = await post(sm.url, '{"SecretId": "hunter2', 'secretsmanager.GetSecretValue');
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const badJsonBody = (await badJson.json()) as { __type: string; message: string };
    expect(badJsonBody.__type).toBe('SerializationException');
    expect(badJsonBody.message).not.toContain('hunter2');

    for (const target of ['secretsmanager.RotateSecret', 'dynamodb.GetItem', 'secretsmanager.constructor', undefined]) {
      const res = await post(sm.url, '{}', target);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
    }
    const get = await fetch(sm.url);
    expect([get.status, ((await get.json()) as { __type: string }).__type]).toEqual([400, 'UnknownOperationException']);

    const notAString = await post(sm.url, '{"SecretId": 5}', 'secretsmanager.GetSecretValue');
    expect([notAString.status, ((await notAString.json()) as { __type: string }).__type]).toEqual([400, 'SerializationException']);
    const missing = await post(sm.url, '{}', 'secretsmanager.GetSecretValue');
    expect([missing.status, ((await missing.json()) as { __type: string }).__type]).toEqual([400, 'ValidationException']);
  });

  it('rejects request bodies over 1 MB', async () => {
    const { sm } = await start();
    const res = await post(sm.url, JSON.stringify({ Name: 'big', SecretString: 'x'.repeat(1024 * 1024) }), 'secretsmanager.CreateSecret');
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ __type: 'RequestEntityTooLargeException' });
    expect(sm.arnOf('big')).toBeUndefined();
  });
});
