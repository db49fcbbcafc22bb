import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { prodConfigInput } from '../../infra/config/index.js';
import { PROJECT_ROOT } from '../../infra/constructs/app-function.js';
import { deployOptionsFromContext, senderIdentity } from '../../infra/stacks/deploy-options.js';
import { loadDeployConfig } from '../../infra/stacks/load-config.js';
import { type AppConfigInput, parseAppConfig } from '../../shared/runtime/app-config.js';

const context = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] });
const withBase = (base: AppConfigInput) => ({ base, env: {}, build: (o: Partial<AppConfigInput>) => parseAppConfig({ ...base, ...o }) });

describe('loadDeployConfig', () => {
  it('builds the prod config with the deployer\'s overrides', () => {
    const loaded = loadDeployConfig(context({ stage: 'staging', publicBaseUrl: 'https://alerts.example.com', emailFrom: 'news@example.com' }), { env: {} });
    expect(loaded.ok && { stage: loaded.config.stage, url: loaded.config.publicBaseUrl, from: loaded.config.email.from }).toEqual({
      stage: 'staging',
      url: 'https://alerts.example.com',
      from: 'news@example.com',
    });
  });

  it.each([
    [{ publicBaseUrl: 'not a url' }, 'Error: Invalid config at publicBaseUrl:'],
    [{ emailFrom: 'nobody' }, 'Error: Invalid config at email.from:'],
    [{ stage: 'Prod!' }, 'Error: Invalid config at stage:'],
    [{ senderIdentity: 'elsewhere.org' }, 'Error: Invalid config at senderIdentity: domain identity elsewhere.org does not cover sender'],
    [{ tracing: 'maybe' }, 'Error: Invalid config at context.tracing:'],
    [{ publicBaseUrl: 42 }, 'Error: Invalid config at context.publicBaseUrl: expected a string'],
    [{ lambdaConcurrencyQuota: 'lots' }, 'Error: Invalid config at context.lambdaConcurrencyQuota: expected the account\'s concurrent executions'],
    [{ lambdaConcurrencyQuota: 10 }, 'Error: lambdaConcurrencyQuota=10: the functions need'],
    [{ lambdaConcurrencyQuota: '10' }, 'Service Quotas'],
  ])('refuses %o naming the key', (values, message) => {
    const loaded = loadDeployConfig(context(values), { env: {} });
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors[0]).toContain(message);
  });

  it('takes the account\'s Lambda concurrency quota as a number or a string, AWS\'s default of 1,000 when not given', () => {
    const quota = (values: Record<string, unknown>) => {
      const loaded = loadDeployConfig(context(values), { env: {} });
      return loaded.ok ? loaded.options.lambdaConcurrencyQuota : loaded.errors;
    };
    expect(quota({})).toBe(1000);
    expect(quota({ lambdaConcurrencyQuota: '50' })).toBe(50);
    expect(quota({ lambdaConcurrencyQuota: 400 })).toBe(400);
  });

  it('names the key of an invalid value deep in the config', () => {
    const base = { ...prodConfigInput, feeds: [...prodConfigInput.feeds, { id: 'Bad Id', url: 'https://example.org/feed' }] };
    const loaded = loadDeployConfig(context({}), withBase(base));
    expect(!loaded.ok && loaded.errors).toEqual([expect.stringMatching(/^Error: Invalid config at feeds\[2\]\.id: /)]);
  });

  it('refuses topics whose query does not parse or whose examples fail, one line each', () => {
    const base: AppConfigInput = {
      ...prodConfigInput,
      subscribers: [],
      topics: [
        { id: 'broken', name: 'Broken', query: '("unclosed' },
        { id: 'wrong', name: 'Wrong', query: 'CSTO', examples: { match: [{ title: 'NATO summit' }], noMatch: [{ title: 'CSTO summit' }] } },
        { id: 'fine', name: 'Fine', query: 'Karabakh', examples: { match: [{ title: 'Karabakh talks' }] } },
      ],
    };
    const loaded = loadDeployConfig(context({}), withBase(base));
    expect(loaded.ok).toBe(false);
    const errors = loaded.ok ? [] : loaded.errors;
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^Error: topic broken \(query\): /);
    expect(errors.slice(1).every((e) => e.startsWith('Error: topic wrong (example): '))).toBe(true);
  });

  describe('secret values given inline', () => {
    const TOKEN = 'aW5saW5lLXBhcnRuZXItdG9rZW4tZm9yLXRlc3RzLTAx';
    const withInlineSecrets = (stage: string): AppConfigInput => ({
      ...prodConfigInput,
      stage,
      partners: [
        { id: 'acme', topics: ['csto'] },
        { id: 'globex', token: TOKEN, topics: ['csto'] },
      ],
      subscribers: [
        ...prodConfigInput.subscribers!,
        { id: 'ops-hook', webhookUrl: 'https://hooks.example.org/newshound', webhookSecret: 'inline-webhook-key-0123456789abcdef', topics: ['csto'], channels: ['webhook'] },
      ],
    });

    it('refuses them outside the local stage, naming each key and where the value belongs', () => {
      const loaded = loadDeployConfig(context({}), withBase(withInlineSecrets('prod')));
      expect(!loaded.ok && loaded.errors).toEqual([
        expect.stringMatching(/^Error: Invalid config at partners\[1\]\.token: a secret value in the config would be bundled into the functions .*npx newshound partner-token globex --stage prod --value <value>$/),
        expect.stringMatching(/^Error: Invalid config at subscribers\[2\]\.webhookSecret: .*store it with: npx newshound webhook-key ops-hook --stage /),
      ]);
      expect(JSON.stringify(loaded)).not.toContain(TOKEN);
    });

    it('takes them in the local stage (the local runtime puts them into its secrets)', () => {
      expect(loadDeployConfig(context({}), withBase(withInlineSecrets('local'))).ok).toBe(true);
    });
  });
});

describe('deploy options', () => {
  it.each([
    [undefined, 'alerts@news.example.org', 'news.example.org'],
    ['example.org', 'alerts@news.example.org', 'example.org'],
    ['alerts@news.example.org', 'alerts@news.example.org', 'alerts@news.example.org'],
    ['News.Example.org', 'alerts@news.example.org', 'news.example.org'],
  ])('sender identity %s for %s is %s', (identity, from, expected) => {
    const config = parseAppConfig({ ...prodConfigInput, email: { from } });
    expect(senderIdentity(config, { senderIdentity: identity })).toBe(expected);
  });

  it.each([
    ['other@news.example.org', /address identity .* does not authorise/],
    ['ws.example.org', /does not cover sender/],
    ['not a domain', /neither a domain nor an email address/],
  ])('refuses sender identity %s', (identity, message) => {
    const config = parseAppConfig(prodConfigInput);
    expect(() => senderIdentity(config, { senderIdentity: identity })).toThrow(message);
  });

  it('takes the account and region from context first, then from the CDK CLI environment', () => {
    expect(deployOptionsFromContext(context({ region: 'eu-central-1' }), { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'us-east-1' })).toMatchObject({
      account: '123456789012',
      region: 'eu-central-1',
      tracing: false,
    });
    expect(deployOptionsFromContext(context({}), {})).toMatchObject({ account: undefined, region: undefined });
  });
});

describe('infra/app.ts', () => {
  it('stops synth with exit code 1 and the offending key', async () => {
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'infra/app.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ publicBaseUrl: 'nope' }), CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'newshound-cdk-')) },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe('Error: Invalid config at publicBaseUrl: Invalid URL');
  });
});
