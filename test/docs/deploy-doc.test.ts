/**
 * docs/deploy.md as an admin follows it. Every command in it exists: `newshound` commands in the CLI's command table,
 * with the subcommands and options their usage names; `cdk` commands and options in the CDK CLI, context keys in
 * deploy-options.ts; AWS CLI operations in the AWS SDK (the same API); npm scripts in package.json. The steps that need
 * no AWS account are followed: the config file it shows is refused for its placeholders and taken once they are
 * replaced, its synth, deploy, diff and destroy commands synthesize, and the stack names, outputs and retained
 * resources it names are the stacks'.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/app-function.js';
import { CONTEXT_KEYS } from '../../infra/stacks/deploy-options.js';
import { loadDeployConfigFile } from '../../infra/stacks/load-config.js';
import { addNewshoundStacks, stackNames } from '../../infra/stacks/newshound.js';
import { notMailingYetPage } from '../../shared/domain/pages/subscribe-page.js';
import { SECRET_NAMES, SECRETS, secretParameterPath } from '../../shared/topology/functions.js';
import { FIXTURE_DOMAIN } from '../infra/fixtures/production-config.js';
import { testApp } from '../infra/support/test-app.js';
import { contextOf, contextSpans, type DocCommand, docCommands, fencedBlocks, flagsOf, headings, isPlaceholder } from './support/doc-commands.js';

const DOC = readFileSync(join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8');
const commands = docCommands(DOC);
const run = promisify(execFile);

async function output(args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1' } });
  return `${stdout}\n${stderr}`;
}
const newshound = (...args: string[]) => output(['--import', 'tsx', join(PROJECT_ROOT, 'cli/main.ts'), ...args]);
const cdk = (...args: string[]) => output([join(PROJECT_ROOT, 'node_modules/aws-cdk/bin/cdk'), ...args]);

/** The words after `npx` (or none). */
const words = (c: DocCommand) => (c.tokens[0] === 'npx' ? c.tokens.slice(1) : c.tokens);
const commandsOf = (program: string) => commands.filter((c) => words(c)[0] === program);
const hasFlag = (help: string, flag: string) => new RegExp(`${flag}(?![\\w-])`).test(help);

describe('docs/deploy.md: every command in it exists', () => {
  it('finds the commands of each kind it documents', () => {
    const programs = new Set(commands.map((c) => words(c)[0]));
    expect([...programs].sort()).toEqual(['aws', 'cdk', 'git', 'newshound', 'npm']);
  });

  describe('newshound', () => {
    let table: string[];
    const helps = new Map<string, string>();
    beforeAll(async () => {
      const listing = await newshound('--help');
      table = [...listing.matchAll(/^ {2}([a-z][\w-]*)\s/gm)].map((m) => m[1]!);
      for (const name of new Set(commandsOf('newshound').map((c) => words(c)[1]!))) {
        if (table.includes(name)) helps.set(name, await newshound(name, '--help'));
      }
    });

    it('names only commands of the CLI\'s command table', () => {
      const missing = commandsOf('newshound').filter((c) => !table.includes(words(c)[1]!));
      expect(missing.map((c) => c.line)).toEqual([]);
    });

    it('uses each command with a subcommand or value its usage names, and only options it takes', () => {
      const problems: string[] = [];
      for (const c of commandsOf('newshound')) {
        const [, name, first] = words(c);
        const help = helps.get(name!);
        if (help === undefined) continue; // reported above
        const forms = [...help.matchAll(new RegExp(`newshound ${name} (\\S+)`, 'g'))].map((m) => m[1]!);
        const subcommands = forms.flatMap((f) => (/^<[^>]*\|[^>]*>$/.test(f) ? f.slice(1, -1).split('|') : /^[a-z][\w-]*$/.test(f) ? [f] : []));
        const takesValue = forms.some((f) => f.startsWith('<') && !f.includes('|'));
        if (first !== undefined && !first.startsWith('-')) {
          if (isPlaceholder(first) ? !takesValue : !subcommands.includes(first)) problems.push(`${c.line}: "${first}" is not in its usage (${forms.join(', ')})`);
        } else if (subcommands.length > 0 && !takesValue) problems.push(`${c.line}: no subcommand (${subcommands.join(', ')})`);
        for (const flag of flagsOf(c.tokens)) if (!hasFlag(help, flag)) problems.push(`${c.line}: ${name} takes no ${flag}`);
      }
      expect(problems).toEqual([]);
    });
  });

  describe('cdk', () => {
    let listing: string;
    const helps = new Map<string, string>();
    beforeAll(async () => {
      listing = await cdk('--help');
      for (const sub of new Set(commandsOf('cdk').map((c) => words(c)[1]!))) helps.set(sub, await cdk(sub, '--help'));
    });

    it('uses only commands and options of the CDK CLI', () => {
      const known = [...listing.matchAll(/^\s+cdk ([a-z-]+)/gm)].map((m) => m[1]!);
      const problems = commandsOf('cdk').flatMap((c) => {
        const sub = words(c)[1]!;
        if (!known.includes(sub)) return [`${c.line}: the CDK CLI has no "${sub}"`];
        return flagsOf(c.tokens).filter((f) => !hasFlag(helps.get(sub)!, f)).map((f) => `${c.line}: cdk ${sub} takes no ${f}`);
      });
      expect(problems).toEqual([]);
    });

    it('sets only context keys the app reads', () => {
      const keys = [...commandsOf('cdk').flatMap((c) => Object.keys(contextOf(c.tokens))), ...contextSpans(DOC)];
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((k) => !(CONTEXT_KEYS as readonly string[]).includes(k))).toEqual([]);
    });
  });

  it('uses only AWS CLI operations the AWS API has', async () => {
    // The AWS CLI's `aws <service> <operation>` is the API's <Operation>Command in the service's SDK client.
    const sdkClients: Record<string, string> = {
      cloudformation: '@aws-sdk/client-cloudformation',
      dynamodb: '@aws-sdk/client-dynamodb',
      lambda: '@aws-sdk/client-lambda',
      s3api: '@aws-sdk/client-s3',
      sesv2: '@aws-sdk/client-sesv2',
      sns: '@aws-sdk/client-sns',
      sqs: '@aws-sdk/client-sqs',
      ssm: '@aws-sdk/client-ssm',
    };
    // Commands of services whose SDK client the project does not install, and the CLI's own `aws s3` commands
    // (AWS CLI v2 command reference).
    const cliOnly: Record<string, string[]> = {
      s3: ['cp', 'ls', 'mb', 'mv', 'rb', 'rm', 'sync'],
      sts: ['get-caller-identity'],
      'service-quotas': ['get-service-quota', 'request-service-quota-increase'],
    };
    const problems: string[] = [];
    for (const c of commandsOf('aws')) {
      const [, service, operation] = c.tokens as [string, string, string];
      if (cliOnly[service]) {
        if (!cliOnly[service].includes(operation)) problems.push(`${c.line}: aws ${service} has no ${operation}`);
        continue;
      }
      const client = sdkClients[service];
      if (!client) {
        problems.push(`${c.line}: no way to check aws ${service} here`);
        continue;
      }
      const sdk = (await import(client)) as Record<string, unknown>;
      const name = `${operation.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}Command`;
      if (typeof sdk[name] !== 'function') problems.push(`${c.line}: ${client} has no ${name}`);
    }
    expect(problems).toEqual([]);
  });

  it('runs only npm commands and scripts that exist, and only `git pull`', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const problems = commandsOf('npm').flatMap((c) => {
      const [, verb, script] = c.tokens;
      if (verb === 'ci' || verb === 'install') return [];
      if (verb === 'run') return scripts.includes(script!) ? [] : [`${c.line}: no script ${script}`];
      return scripts.includes(verb!) ? [] : [`${c.line}: no script ${verb}`];
    });
    expect(problems).toEqual([]);
    expect(commandsOf('git').map((c) => c.line)).toEqual(['git pull']);
  });

  it('has every section the code points admins to (docs/deploy.md, "<section>")', () => {
    const files = readdirSync(PROJECT_ROOT, { recursive: true, encoding: 'utf8' }).filter((f) => /^(shared|infra|cli|functions)\/.*\.ts$/.test(f));
    const cited = files.flatMap((f) => [...readFileSync(join(PROJECT_ROOT, f), 'utf8').matchAll(/docs\/deploy\.md, "([^"]+)"/g)].map((m) => m[1]!));
    expect(cited).toEqual(expect.arrayContaining(['Production config', 'Telegram']));
    expect(cited.filter((section) => !headings(DOC).includes(section))).toEqual([]);
  });
});

describe('docs/deploy.md followed without an AWS account', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newshound-deploy-doc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The admin's values for the doc's placeholders. */
  const FILLED: Record<string, string> = {
    '<your address>': `ops@${FIXTURE_DOMAIN}`,
    '<your domain>': `news.${FIXTURE_DOMAIN}`,
    '<news.your.domain>': `news.${FIXTURE_DOMAIN}`,
    '<certificate ARN>': 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    '<Route 53 zone id>': 'Z0123456789ABCDEFGHIJ',
  };
  const filled = (context: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(context).map(([key, value]) => {
        if (isPlaceholder(value) && FILLED[value] === undefined) throw new Error(`no value for ${value} (-c ${key})`);
        return [key, FILLED[value] ?? value];
      }),
    );
  const command = (section: string, start: string) => {
    const found = commands.find((c) => c.section === section && c.line.startsWith(start));
    if (!found) throw new Error(`no "${start}" in section "${section}"`);
    return found;
  };
  const configBlock = fencedBlocks(DOC).find((b) => b.section === 'Production config' && b.lang === 'json')!;

  /** What `npx cdk <...> -c ...` does first: read the config file it names (relative to where the admin runs it). */
  const load = (c: DocCommand) => {
    const app = testApp(filled(contextOf(c.tokens)));
    return { app, loaded: loadDeployConfigFile(app.node, { env: {}, cwd: dir }) };
  };
  const synth = async (c: DocCommand) => {
    const { app, loaded } = load(c);
    const result = await loaded;
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const stacks = addNewshoundStacks(app, result.config, result.options);
    return { stacks, stateful: Template.fromStack(stacks.stateful).toJSON(), stateless: Template.fromStack(stacks.stateless).toJSON() };
  };
  type Json = { Outputs?: Record<string, { Value: unknown }>; Resources: Record<string, { Type: string; DeletionPolicy?: string; Properties?: Record<string, unknown> }> };
  /** The stacks' outputs for the admin (not CDK's cross-stack exports). */
  const outputsOf = (...templates: Json[]) => templates.flatMap((t) => Object.keys(t.Outputs ?? {})).filter((name) => !name.startsWith('ExportsOutput'));

  it('stops synth without a config file, with the error it quotes', async () => {
    const quoted = fencedBlocks(DOC).find((b) => b.section === 'Production config' && b.lang === 'text')!.text;
    const { loaded } = load({ line: 'npx cdk synth', tokens: ['npx', 'cdk', 'synth'], section: '' });
    expect(await loaded).toEqual({ ok: false, errors: [quoted] });
  });

  it('refuses its config file as shown, naming the placeholder, and takes it with the admin\'s domain', async () => {
    const check = command('Production config', 'npx cdk synth');
    const file = contextOf(check.tokens).config!;
    writeFileSync(join(dir, file), configBlock.text);
    const refused = await load(check).loaded;
    expect(!refused.ok && refused.errors).toEqual([expect.stringMatching(/^Error: Invalid config at email\.from: alerts@news\.example\.org is a placeholder/)]);

    writeFileSync(join(dir, file), configBlock.text.replaceAll('example.org', FIXTURE_DOMAIN));
    const taken = await load(check).loaded;
    expect(taken.ok && taken.config.feeds.map((f) => f.id)).toEqual(['eurasianet', 'oc-media']);
  });

  it('deploys with the first deploy\'s command: the stacks it names, the identity it verified, the alarm address subscribed', async () => {
    writeFileSync(join(dir, 'newshound.config.json'), configBlock.text.replaceAll('example.org', FIXTURE_DOMAIN));
    const { stacks, stateful, stateless } = await synth(command('First deploy', 'npx cdk deploy'));
    const names = stackNames('prod');
    expect([stacks.stateful.stackName, stacks.stateless.stackName]).toEqual([names.stateful, names.stateless]);
    for (const name of [names.stateful, names.stateless]) expect(DOC).toContain(`\`${name}\``);
    expect((stateless as Json).Outputs!.SenderIdentities!.Value).toBe(`news.${FIXTURE_DOMAIN}`);
    const subscriptions = Object.values((stateless as Json).Resources).filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties!.Protocol === 'email');
    expect(subscriptions.map((r) => [r.Properties!.Endpoint, JSON.stringify(r.Properties!.TopicArn)])).toEqual([[`ops@${FIXTURE_DOMAIN}`, expect.stringContaining('Alarms')]]);

    // The outputs table lists exactly the outputs of this deploy and of a custom domain without a hosted zone.
    const domain = command('The public URL', 'npx cdk deploy');
    const withoutZone = { ...domain, tokens: domain.tokens.filter((t, i) => !t.startsWith('hostedZoneId=') && !(t === '-c' && domain.tokens[i + 1]?.startsWith('hostedZoneId='))) };
    const custom = await synth(withoutZone);
    const documented = [...DOC.slice(DOC.indexOf('## Stack outputs')).matchAll(/^\| (.+?) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`(\w+)`/g)].map((n) => n[1]!));
    expect(documented.sort()).toEqual([...new Set([...outputsOf(stateful as Json, stateless as Json), ...outputsOf(custom.stateful as Json, custom.stateless as Json)])].sort());
  });

  it('puts the API behind the domain of its custom-domain command, with the alias record in the zone it names', async () => {
    writeFileSync(join(dir, 'newshound.config.json'), configBlock.text.replaceAll('example.org', FIXTURE_DOMAIN));
    const { stateless } = await synth(command('The public URL', 'npx cdk deploy'));
    expect((stateless as Json).Outputs!.PublicUrl!.Value).toBe(`https://news.${FIXTURE_DOMAIN}`);
    const records = Object.values((stateless as Json).Resources).filter((r) => r.Type === 'AWS::Route53::RecordSet');
    expect(records.map((r) => r.Properties!.HostedZoneId)).toEqual([FILLED['<Route 53 zone id>']]);
  });

  it('upgrades and tears down with the same config: its diff, deploy and destroy commands synthesize', async () => {
    writeFileSync(join(dir, 'newshound.config.json'), configBlock.text.replaceAll('example.org', FIXTURE_DOMAIN));
    const steps = [command('Upgrading', 'npx cdk diff'), command('Upgrading', 'npx cdk deploy'), command('Tearing down', 'npx cdk destroy')];
    for (const step of steps) expect((await load(step).loaded).ok).toBe(true);
  });

  it('names every resource a destroy retains, and a command that deletes each kind', async () => {
    writeFileSync(join(dir, 'newshound.config.json'), configBlock.text.replaceAll('example.org', FIXTURE_DOMAIN));
    const { stateful, stateless } = await synth(command('Tearing down', 'npx cdk destroy'));
    const retained = (t: Json) => Object.entries(t.Resources).filter(([, r]) => r.DeletionPolicy === 'Retain');
    expect(retained(stateless as Json)).toEqual([]);
    const kept = retained(stateful as Json);
    const counts: Record<string, number> = {};
    for (const [, r] of kept) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
    expect(counts).toEqual({
      'AWS::DynamoDB::Table': 1,
      'AWS::S3::Bucket': 3,
      'AWS::SQS::Queue': 13,
    });
    const teardown = commands.filter((c) => c.section === 'Tearing down').map((c) => c.tokens.slice(0, 3).join(' '));
    expect(teardown).toEqual(expect.arrayContaining(['aws dynamodb delete-table', 'aws s3 rb', 'aws sqs delete-queue', 'aws ssm delete-parameter']));
    const section = DOC.slice(DOC.indexOf('## Tearing down'), DOC.indexOf('## Stack outputs'));
    // The secrets are parameters outside the stacks, which a destroy leaves: the doc names each of the topology's.
    const parameterNames = [.../The parameters are (.+?)\(/s.exec(section)![1]!.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!);
    expect(parameterNames.sort()).toEqual(SECRET_NAMES.map((name) => SECRETS[name].parameter).sort());
    expect(section).toContain(`aws ssm get-parameters-by-path --path ${secretParameterPath('prod')}`);
  });

  it('quotes the page subscribers see while SES is in the sandbox', () => {
    const title = /sees the same page, "([^"]+)"/.exec(DOC)![1]!;
    expect(notMailingYetPage({ email: 'reader@example.org' })).toContain(`<h1>${title}</h1>`);
  });
});
