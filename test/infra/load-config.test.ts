import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleConfigInput } from '../../infra/config/index.js';
import { PROJECT_ROOT } from '../../infra/constructs/app-function.js';
import { API_URL_AT_DEPLOY, deployOptionsFromContext, senderIdentities } from '../../infra/stacks/deploy-options.js';
import { loadDeployConfig, loadDeployConfigFile } from '../../infra/stacks/load-config.js';
import { type ProductionConfig, readProductionConfig } from '../../infra/stacks/production-config.js';
import { parseAppConfig } from '../../shared/runtime/app-config.js';
import { FIXTURE_DOMAIN, productionConfigFixture } from './fixtures/production-config.js';

const context = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] });
const fixture = (): ProductionConfig => structuredClone(productionConfigFixture);
const load = (values: Record<string, unknown>, base: ProductionConfig = fixture()) => loadDeployConfig(context(values), { env: {}, base });
const firstError = (loaded: ReturnType<typeof loadDeployConfig>) => (loaded.ok ? 'ok' : loaded.errors[0]);

const scratch = mkdtempSync(join(tmpdir(), 'newshound-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const writeScratch = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

describe('loadDeployConfig', () => {
  it('builds the deployment from its config file and the deployer\'s context', () => {
    const loaded = load({ stage: 'staging', publicBaseUrl: `https://alerts.${FIXTURE_DOMAIN}`, emailFrom: `news@${FIXTURE_DOMAIN}` });
    expect(loaded.ok && { stage: loaded.config.stage, url: loaded.config.publicBaseUrl, from: loaded.config.email.from, feeds: loaded.config.feeds.length }).toEqual({
      stage: 'staging',
      url: `https://alerts.${FIXTURE_DOMAIN}`,
      from: `news@${FIXTURE_DOMAIN}`,
      feeds: 2,
    });
  });

  it('defaults to the prod stage and the API\'s own URL', () => {
    const loaded = load({});
    expect(loaded.ok && { stage: loaded.config.stage, url: loaded.config.publicBaseUrl, publicUrl: loaded.options.publicUrl }).toEqual({ stage: 'prod', url: API_URL_AT_DEPLOY, publicUrl: { kind: 'api' } });
  });

  it('refuses to synth without a config file, naming the context key', () => {
    const loaded = loadDeployConfig(context({}), { env: {} });
    expect(firstError(loaded)).toBe('Error: Invalid config at context.config: no config file given: pass -c config=<file> with your feeds, topics, subscribers and sender (docs/deploy.md, "Production config")');
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
    [{ domainName: `news.${FIXTURE_DOMAIN}` }, 'Error: Invalid config at context.certificateArn: a custom domain needs the ARN of an ACM certificate'],
    [{ domainName: `news.${FIXTURE_DOMAIN}`, certificateArn: 'my-cert' }, 'Error: Invalid config at context.certificateArn: "my-cert" is not an ACM certificate ARN'],
    [{ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }, 'Error: Invalid config at context.domainName: certificateArn is given without the domainName'],
    [{ hostedZoneId: 'Z123' }, 'Error: Invalid config at context.domainName: hostedZoneId is given without the domainName'],
    [{ domainName: 'news', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }, 'Error: Invalid config at context.domainName: "news" is not a domain name'],
    [{ publicBaseUrl: `https://a.${FIXTURE_DOMAIN}`, domainName: `b.${FIXTURE_DOMAIN}` }, 'Error: Invalid config at context.domainName: give either publicBaseUrl or domainName'],
  ])('refuses %o naming the key', (values, message) => {
    expect(firstError(load(values))).toContain(message);
  });

  it('takes the account\'s Lambda concurrency quota as a number or a string, AWS\'s default of 1,000 when not given', () => {
    const quota = (values: Record<string, unknown>) => {
      const loaded = load(values);
      return loaded.ok ? loaded.options.lambdaConcurrencyQuota : loaded.errors;
    };
    expect(quota({})).toBe(1000);
    expect(quota({ lambdaConcurrencyQuota: '50' })).toBe(50);
    expect(quota({ lambdaConcurrencyQuota: 400 })).toBe(400);
  });

  it('names the key of an invalid value deep in the config', () => {
    const base = fixture();
    base.feeds.push({ id: 'Bad Id', url: 'https://feeds.newsdesk-fixture.net/feed' });
    expect(!load({}, base).ok && (load({}, base) as { errors: string[] }).errors).toEqual([expect.stringMatching(/^Error: Invalid config at feeds\[2\]\.id: /)]);
  });

  it('refuses topics whose query does not parse or whose examples fail, one line each', () => {
    const base: ProductionConfig = {
      ...fixture(),
      subscribers: [],
      topics: [
        { id: 'broken', name: 'Broken', query: '("unclosed' },
        { id: 'wrong', name: 'Wrong', query: 'CSTO', examples: { match: [{ title: 'NATO summit' }], noMatch: [{ title: 'CSTO summit' }] } },
        { id: 'fine', name: 'Fine', query: 'Karabakh', examples: { match: [{ title: 'Karabakh talks' }] } },
      ],
    };
    const loaded = load({}, base);
    expect(loaded.ok).toBe(false);
    const errors = loaded.ok ? [] : loaded.errors;
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^Error: topic broken \(query\): /);
    expect(errors.slice(1).every((e) => e.startsWith('Error: topic wrong (example): '))).toBe(true);
  });

  describe('secret values given inline', () => {
    const TOKEN = 'aW5saW5lLXBhcnRuZXItdG9rZW4tZm9yLXRlc3RzLTAx';
    const withInlineSecrets = (): ProductionConfig => ({
      ...fixture(),
      partners: [
        { id: 'acme', topics: ['csto'] },
        { id: 'globex', token: TOKEN, topics: ['csto'] },
      ],
      subscribers: [
        ...fixture().subscribers!,
        { id: 'ops-hook', webhookUrl: `https://hooks.${FIXTURE_DOMAIN}/newshound`, webhookSecret: 'inline-webhook-key-0123456789abcdef', topics: ['csto'], channels: ['webhook'] },
      ],
    });

    it('refuses them outside the local stage, naming each key and where the value belongs', () => {
      const loaded = load({}, withInlineSecrets());
      expect(!loaded.ok && loaded.errors).toEqual([
        expect.stringMatching(/^Error: Invalid config at partners\[1\]\.token: a secret value in the config would be bundled into the functions .*npx newshound partner-token globex --stage prod --value <value>$/),
        expect.stringMatching(/^Error: Invalid config at subscribers\[2\]\.webhookSecret: .*store it with: npx newshound webhook-key ops-hook --stage /),
      ]);
      expect(JSON.stringify(loaded)).not.toContain(TOKEN);
    });

    it('takes them in the local stage (the local runtime puts them into its secrets)', () => {
      expect(load({ stage: 'local' }, withInlineSecrets()).ok).toBe(true);
    });
  });
});

describe('placeholders and sample data stop synth, naming the key to set', () => {
  const edit = (change: (c: ProductionConfig) => void) => {
    const base = fixture();
    change(base);
    return base;
  };
  it.each<[string, ProductionConfig, Record<string, unknown>, string]>([
    ['a sender at example.org', edit((c) => (c.email.from = 'alerts@news.example.org')), {}, 'email.from: alerts@news.example.org is a placeholder (example.org is reserved for examples and tests)'],
    ['a sender given as context at example.com', fixture(), { emailFrom: 'alerts@example.com' }, 'emailFrom: alerts@example.com is a placeholder'],
    ['a reply-to address on .test', edit((c) => (c.email.replyTo = 'desk@newsroom.test')), {}, 'email.replyTo: desk@newsroom.test is a placeholder (.test is reserved'],
    ['a subscriber at example.org', edit((c) => (c.subscribers![0]!.email = 'analyst@example.org')), {}, 'subscribers[0].email: analyst@example.org is a placeholder'],
    ['the sample chat id', edit((c) => (c.subscribers![1]!.telegramChatId = '100001')), {}, 'subscribers[1].telegramChatId: 100001 is a placeholder chat id'],
    ['a made-up chat id', edit((c) => (c.subscribers![1]!.telegramChatId = '123456789')), {}, 'subscribers[1].telegramChatId: 123456789 is a placeholder chat id'],
    ['a webhook on example.net', edit((c) => c.subscribers!.push({ id: 'hook', webhookUrl: 'https://hooks.example.net/in', topics: ['csto'], channels: ['webhook'] })), {}, 'subscribers[2].webhookUrl: https://hooks.example.net/in is a placeholder'],
    ['a feed on example.com', edit((c) => (c.feeds[0]!.url = 'https://news.example.com/rss')), {}, 'feeds[0].url: https://news.example.com/rss is a placeholder'],
    ['a sample feed of the local runtime', edit((c) => (c.feeds[0]!.url = 'http://127.0.0.1:8780/samples/world-wire.xml')), {}, "feeds[0].url: http://127.0.0.1:8780/samples/world-wire.xml is a loopback address, which only the local runtime serves"],
    ['a sample feed served elsewhere', edit((c) => (c.feeds[0]!.url = `https://${FIXTURE_DOMAIN}/samples/kavkaz-lenta.xml`)), {}, "feeds[0].url: https://newsdesk-fixture.net/samples/kavkaz-lenta.xml is one of the local runtime's sample feeds"],
    ['no feeds', edit((c) => (c.feeds = [])), {}, 'feeds: is empty: list the feeds to poll in the config file'],
    ['no topics', edit((c) => ((c.topics = []), (c.subscribers = []))), {}, 'topics: is empty: define the topics to match in the config file'],
    ['a public URL at example.org', fixture(), { publicBaseUrl: 'https://news.example.org' }, 'publicBaseUrl: https://news.example.org is a placeholder'],
    ['a custom domain at example.org', fixture(), { domainName: 'news.example.org', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }, 'domainName: news.example.org is a placeholder'],
    ['an alarm address at example.org', fixture(), { alarmEmail: 'ops@example.org' }, 'alarmEmail: ops@example.org is a placeholder'],
    ['a WebSub hub on .invalid', edit((c) => (c.syndication = { hubUrl: 'https://hub.invalid/' })), {}, 'syndication.hubUrl: https://hub.invalid/ is a placeholder'],
  ])('%s', (_name, base, values, message) => {
    expect(firstError(load(values, base))).toContain(`Error: Invalid config at ${message}`);
  });

  it('refuses the shipped sample config as a deployment\'s config', () => {
    const { stage: _stage, publicBaseUrl: _url, ...sample } = sampleConfigInput;
    expect(firstError(load({ config: 'sample.json' }, sample))).toBe(
      'Error: Invalid config at email.from: alerts@news.example.org is a placeholder (example.org is reserved for examples and tests): set a real address in sample.json (email.from) or with -c emailFrom=<address>',
    );
  });
});

describe('readProductionConfig', () => {
  it('reads a JSON file', async () => {
    const path = writeScratch('good.json', JSON.stringify(fixture()));
    expect(await readProductionConfig(path)).toEqual(fixture());
  });

  it('reads a TypeScript module\'s default export, relative to the working directory', async () => {
    writeScratch('good.ts', `import type { ProductionConfig } from '${join(PROJECT_ROOT, 'infra/stacks/production-config.js')}';\nexport default ${JSON.stringify(fixture())} satisfies ProductionConfig;\n`);
    expect(await readProductionConfig('./good.ts', scratch)).toEqual(fixture());
  });

  it.each<[string, string, string, RegExp]>([
    ['a missing file', 'absent.json', '', /^Invalid config at context\.config: cannot read .*absent\.json: ENOENT$/],
    ['a missing module', 'absent.ts', '', /^Invalid config at context\.config: cannot read .*absent\.ts: ENOENT$/],
    ['a file that is not JSON', 'broken.json', '{ "feeds": [', /^Invalid config at context\.config: .*broken\.json is not valid JSON: /],
    ['a module without a default export', 'named.mjs', 'export const config = {};', /^Invalid config at context\.config: .*named\.mjs has no default export/],
    ['another kind of file', 'config.yaml', 'feeds: []', /^Invalid config at context\.config: .*config\.yaml: expected a \.json, \.ts, \.mts, \.js or \.mjs file$/],
    ['a list instead of an object', 'list.json', '[]', /^Invalid config at context\.config: .*list\.json must hold an object/],
    ['a misspelt key', 'typo.json', '{ "subscriber": [] }', /^Invalid config at subscriber: unknown key in .*typo\.json \(expected email, feeds, topics, subscribers, /],
    ['a deploy-time key', 'staged.json', '{ "stage": "prod" }', /^Invalid config at stage: is a deploy-time value, not part of .*staged\.json: set it with -c stage=<name>$/],
  ])('refuses %s, naming it', async (_name, file, text, message) => {
    if (text) writeScratch(file, text);
    await expect(readProductionConfig(join(scratch, file))).rejects.toThrow(message);
  });
});

describe('loadDeployConfigFile', () => {
  it('reads the file -c config names and validates it', async () => {
    const path = writeScratch('deploy.json', JSON.stringify(fixture()));
    const loaded = await loadDeployConfigFile(context({ config: path }), { env: {} });
    expect(loaded.ok && loaded.config.feeds.map((f) => f.id)).toEqual(['eurasianet', 'oc-media']);
  });

  it('reports an unreadable file as a config error, not a crash', async () => {
    const loaded = await loadDeployConfigFile(context({ config: join(scratch, 'nope.json') }), { env: {} });
    expect(firstError(loaded)).toMatch(/^Error: Invalid config at context\.config: cannot read .*nope\.json: ENOENT$/);
  });
});

describe('deploy options', () => {
  const fromAt = (from: string) => parseAppConfig({ ...fixture(), stage: 'prod', publicBaseUrl: `https://${FIXTURE_DOMAIN}`, email: { from } });
  it.each([
    [undefined, 'alerts@news.example.org', ['alerts@news.example.org', 'news.example.org']],
    ['example.org', 'alerts@news.example.org', ['example.org']],
    ['alerts@news.example.org', 'alerts@news.example.org', ['alerts@news.example.org']],
    ['News.Example.org', 'Alerts@news.example.org', ['news.example.org']],
  ])('sender identities for %s with sender %s are %o', (identity, from, expected) => {
    expect(senderIdentities(fromAt(from), { senderIdentity: identity })).toEqual(expected);
  });

  it.each([
    ['other@news.example.org', /address identity .* does not authorise/],
    ['ws.example.org', /does not cover sender/],
    ['not a domain', /neither a domain nor an email address/],
  ])('refuses sender identity %s', (identity, message) => {
    expect(() => senderIdentities(fromAt('alerts@news.example.org'), { senderIdentity: identity })).toThrow(message);
  });

  it('takes the account and region from context first, then from the CDK CLI environment', () => {
    expect(deployOptionsFromContext(context({ region: 'eu-central-1' }), { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'us-east-1' })).toMatchObject({
      account: '123456789012',
      region: 'eu-central-1',
      tracing: false,
    });
    expect(deployOptionsFromContext(context({}), {})).toMatchObject({ account: undefined, region: undefined });
  });

  it('reads a custom domain with its certificate and hosted zone', () => {
    const arn = 'arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-4e5f';
    expect(deployOptionsFromContext(context({ domainName: 'News.Newsdesk-Fixture.net', certificateArn: arn, hostedZoneId: 'Z0123456789ABC' }), {}).publicUrl).toEqual({
      kind: 'domain',
      domainName: 'news.newsdesk-fixture.net',
      certificateArn: arn,
      hostedZoneId: 'Z0123456789ABC',
    });
  });
});

describe('infra/app.ts', () => {
  const run = (contextJson: Record<string, unknown>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'infra/app.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(contextJson), CDK_OUTDIR: mkdtempSync(join(scratch, 'cdk-')) },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );

  it('stops synth of the repository as cloned with exit code 1, naming the config file to give', async () => {
    const failure = await run({});
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe('Error: Invalid config at context.config: no config file given: pass -c config=<file> with your feeds, topics, subscribers and sender (docs/deploy.md, "Production config")');
  });

  it('stops synth with exit code 1 and the offending key', async () => {
    const failure = await run({ config: writeScratch('app.json', JSON.stringify(fixture())), publicBaseUrl: 'nope' });
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe('Error: Invalid config at publicBaseUrl: Invalid URL');
  });
});
