/**
 * Every `newshound` command: --help lists each option and the environment variables it reads; a wrong command line
 * is one error line (`newshound <command>: <what>`) before the usage, exit 2; bad input exits 2 in every command.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as backtest } from '../../../cli/commands/backtest.js';
import { run as dlq } from '../../../cli/commands/dlq.js';
import { run as doctor } from '../../../cli/commands/doctor.js';
import { run as match } from '../../../cli/commands/match.js';
import { run as parse } from '../../../cli/commands/parse.js';
import { run as partnerToken } from '../../../cli/commands/partner-token.js';
import { run as poll } from '../../../cli/commands/poll.js';
import { run as secret } from '../../../cli/commands/secret.js';
import { run as stories } from '../../../cli/commands/stories.js';
import { run as telegram } from '../../../cli/commands/telegram.js';
import { run as topics } from '../../../cli/commands/topics.js';
import { run as webhookKey } from '../../../cli/commands/webhook-key.js';
import { startFeedServer } from '../../support/feed-server.js';
import { runCommand } from '../../integration/topics-cli/capture.js';

const root = path.resolve(import.meta.dirname, '../../..');
const TARGET = ['--stage', '--stack', '--local', '--region', '--profile', '--json', '--help'];
const AWS = ['AWS_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID'];
const SSM = ['--stage', '--region', '--endpoint', '--help'];

const commands = [
  { name: 'parse', run: parse, options: ['--content-type', '--json', '--allow-loopback', '--help'], environment: [] },
  { name: 'match', run: match, options: ['--topics', '--query', '--json', '--allow-loopback', '--help'], environment: [] },
  { name: 'stories', run: stories, options: ['--json', '--allow-loopback', '--help'], environment: [] },
  { name: 'topics', run: topics, options: ['--topics', '--help'], environment: [] },
  { name: 'backtest', run: backtest, options: ['--query', '--data', '--endpoint', '--table', '--limit', '--json', '--progress', '--help'], environment: ['NEWSHOUND_DYNAMODB', ...AWS] },
  { name: 'partner-token', run: partnerToken, options: [...SSM, '--rotate', '--value'], environment: AWS },
  { name: 'webhook-key', run: webhookKey, options: [...SSM, '--rotate', '--value'], environment: AWS },
  { name: 'secret', run: (argv: string[]) => secret(argv), options: SSM, environment: AWS },
  { name: 'doctor', run: doctor, options: TARGET, environment: AWS },
  { name: 'telegram', run: telegram, options: TARGET, environment: AWS },
  { name: 'dlq', run: dlq, options: [...TARGET, '--limit'], environment: AWS },
  { name: 'poll', run: poll, options: [...TARGET, '--wait'], environment: AWS },
];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'newshound-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('every command', () => {
  it.each(commands)('newshound $name --help: every option and the environment variables it reads', async ({ name, run, options, environment }) => {
    const help = await runCommand(run, ['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(new RegExp(`^Usage: newshound ${name}\\b`));
    for (const option of options) expect(help.stdout, option).toMatch(new RegExp(`${option}(?![\\w-])`));
    const env = help.stdout.split(/^Environment:/m)[1];
    expect(env, 'an Environment: section').toBeDefined();
    if (environment.length === 0) expect(env).toMatch(/^ none/);
    for (const variable of environment) expect(env).toContain(variable);
  });

  it.each(commands)('newshound $name --frobnicate: the error in one line first, then the usage, exit 2', async ({ name, run }) => {
    const result = await runCommand(run, ['--frobnicate']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    const [first, blank, usage] = result.stderr.split('\n');
    expect(first).toMatch(new RegExp(`^newshound ${name}: Unknown option '--frobnicate'`));
    expect(blank).toBe('');
    expect(usage).toMatch(new RegExp(`^Usage: newshound ${name}\\b`));
  });
});

describe('bad input exits 2 with one line, the same in every command', () => {
  it.each([
    { name: 'parse', run: parse, argv: [] as string[] },
    { name: 'match', run: match, argv: ['--query', 'CSTO'] },
    { name: 'stories', run: stories, argv: [] as string[] },
  ])('newshound $name on a page that is not a feed', async ({ name, run, argv }) => {
    const file = path.join(tmp, 'page.html');
    await writeFile(file, '<!doctype html><html><body>hi</body></html>');
    const result = await runCommand(run, [...argv, file]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr.split('\n')).toEqual([expect.stringMatching(new RegExp(`^newshound ${name}: .*not-a-feed`))]);
  });

  it.each([
    { name: 'parse', run: parse, argv: [] as string[] },
    { name: 'match', run: match, argv: ['--query', 'CSTO'] },
    { name: 'stories', run: stories, argv: [] as string[] },
  ])('newshound $name on a missing file: says so in one line, no raw ENOENT', async ({ name, run, argv }) => {
    const file = path.join(tmp, 'no-such-feed.xml');
    const result = await runCommand(run, [...argv, file]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `newshound ${name}: no such file: ${file}` });
  });

  it.each([
    { name: 'parse', run: parse, argv: [] as string[] },
    { name: 'match', run: match, argv: ['--query', 'CSTO'] },
    { name: 'stories', run: stories, argv: [] as string[] },
  ])('newshound $name refusing a loopback URL names --allow-loopback', async ({ name, run, argv }) => {
    const server = await startFeedServer({ '/feed.xml': { body: '<rss version="2.0"><channel><title>t</title></channel></rss>' } });
    try {
      const result = await runCommand(run, [...argv, `${server.url}/feed.xml`]);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr.split('\n')).toEqual([expect.stringMatching(new RegExp(`^newshound ${name}: .*loopback.*--allow-loopback`))]);
    } finally {
      await server.close();
    }
  });

  it('newshound topics foo: says what was wrong before the usage', async () => {
    const result = await runCommand(topics, ['foo']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^newshound topics: unknown action "foo": use check or list\n\nUsage: newshound topics/);
  });

  it('newshound topics check fails a topic with no examples, naming it', async () => {
    const file = path.join(tmp, 'topics.json');
    await writeFile(
      file,
      JSON.stringify([
        { id: 'tested', name: 'Tested', query: 'CSTO', examples: { match: [{ title: 'CSTO' }] } },
        { id: 'untested', name: 'Untested', query: 'ОДКБ' },
        { id: 'empty', name: 'Empty', query: 'wheat', examples: { match: [], noMatch: [] } },
      ]),
    );
    const result = await runCommand(topics, ['check', '--topics', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ok {3}tested /m);
    expect(result.stdout).toMatch(/^FAIL untested \(0 examples\)$/m);
    expect(result.stdout).toMatch(/^FAIL empty \(0 examples\)$/m);
    expect(result.stderr).toContain('topic "untested" has no examples: add at least one to examples.match (and to examples.noMatch what it must not match)');
    expect(result.stderr).toContain('topic "empty" has no examples');
  });
});

describe('newshound (the entry point)', () => {
  const newshound = (...args: string[]) =>
    promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'cli/main.ts'), ...args], { cwd: root }).catch((error: { code: number; stdout: string; stderr: string }) => error);

  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) expect(await newshound(flag)).toMatchObject({ stdout: `${version}\n`, stderr: '' });
  });

  it('an unknown command: one line, exit 2', async () => {
    expect(await newshound('frobnicate')).toMatchObject({ code: 2, stderr: `newshound: unknown command "frobnicate"; run 'newshound --help' for the list\n` });
  });
});
