/**
 * The `newshound` admin CLI. Each command lives in cli/commands/<name>.ts and exports
 * `run(argv: string[]): Promise<number>` (the exit code) and a one-line `summary`; they share cli/command-line.ts
 * (the parser, the error format, the exit codes).
 */
import { readFileSync } from 'node:fs';

const commands: Record<string, () => Promise<{ run(argv: string[]): Promise<number>; summary: string }>> = {
  parse: () => import('./commands/parse.js'),
  match: () => import('./commands/match.js'),
  stories: () => import('./commands/stories.js'),
  topics: () => import('./commands/topics.js'),
  backtest: () => import('./commands/backtest.js'),
  'partner-token': () => import('./commands/partner-token.js'),
  'webhook-key': () => import('./commands/webhook-key.js'),
  secret: () => import('./commands/secret.js'),
  doctor: () => import('./commands/doctor.js'),
  telegram: () => import('./commands/telegram.js'),
  dlq: () => import('./commands/dlq.js'),
  poll: () => import('./commands/poll.js'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = await Promise.all(
      Object.entries(commands).map(async ([n, load]) => `  ${n.padEnd(13)} ${(await load().catch(() => ({ summary: '(not available)' }))).summary}`),
    );
    const text = `Usage: newshound <command> [options]\n       newshound --version\n\nCommands:\n${lines.join('\n')}\n\nRun 'newshound <command> --help' for a command's options and the environment variables it reads.`;
    if (name) console.log(text);
    else console.error(`newshound: which command?\n\n${text}`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`newshound: unknown command "${name}"; run 'newshound --help' for the list`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`newshound: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
