import { describe, expect, it } from 'vitest';
import { run as dlq } from '../../../cli/commands/dlq.js';
import { run as doctor } from '../../../cli/commands/doctor.js';
import { run as poll } from '../../../cli/commands/poll.js';
import { run as telegram } from '../../../cli/commands/telegram.js';
import { runCommand } from '../../integration/topics-cli/capture.js';

const commands = [
  { name: 'doctor', run: doctor, mentions: ['SES sender', 'Telegram webhook', 'Alarm subscribers', 'Schedules', 'Dead letters', 'Feeds'] },
  { name: 'telegram', run: telegram, mentions: ['set-webhook', 'TelegramWebhookUrl', 'secret_token'] },
  { name: 'dlq', run: dlq, mentions: ['dlq list', 'dlq show <queue>', 'dlq redrive <queue>', 'async-failures', '--limit N'] },
  { name: 'poll', run: poll, mentions: ['poll <feedId>', '--wait SECONDS'] },
];

describe('admin commands: --help and usage errors, before any AWS call', () => {
  it.each(commands)('newshound $name --help prints its usage, the target options and the exit codes', async ({ name, run, mentions }) => {
    for (const flag of ['--help', '-h']) {
      const help = await runCommand(run, [flag]);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(new RegExp(`^Usage: newshound ${name}\\b`));
      for (const text of [...mentions, '--stage NAME', '--stack NAME', '--local DIR', '--json', 'Exit status: 0 all is well, 1 something needs action, 2 ']) expect(help.stdout).toContain(text);
    }
  });

  it.each([
    { run: doctor, argv: ['--verbose'], error: /^newshound doctor: Unknown option '--verbose'/ },
    { run: doctor, argv: ['now'], error: /^newshound doctor: unexpected argument "now"/ },
    { run: telegram, argv: [], error: /^newshound telegram: which telegram command\?/ },
    { run: telegram, argv: ['get-webhook'], error: /^newshound telegram: unknown telegram command "get-webhook"/ },
    { run: dlq, argv: ['purge', 'poll'], error: /^newshound dlq: unknown dlq command "purge"/ },
    { run: dlq, argv: ['show'], error: /^newshound dlq: dlq show takes one queue/ },
    { run: dlq, argv: ['list', 'poll'], error: /^newshound dlq: unexpected argument "poll"/ },
    { run: poll, argv: [], error: /^newshound poll: which feed\? newshound poll <feedId>/ },
    { run: poll, argv: ['a', 'b'], error: /^newshound poll: poll takes one feed id, got 2/ },
  ])('$argv: exit 2, what is wrong and the usage on stderr', async ({ run, argv, error }) => {
    const result = await runCommand(run, argv);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(error);
    expect(result.stderr).toContain('Usage: newshound ');
  });
});
