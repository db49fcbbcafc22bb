/**
 * What every `newshound` command shares: one parser (node:util parseArgs, with -h/--help), one error format
 * (`newshound <command>: <what>` on stderr) and one meaning of the exit codes (0 done, 1 something failed or needs
 * action, 2 bad input: a wrong argument, a missing file, a bad query, a folder or port in use).
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { InUseError } from '../infra/local/in-use.js';
import { FeedParseError } from '../shared/domain/feed/feed-parse-error.js';
import { QueryError } from '../shared/domain/topics/index.js';

/** Bad input: the command prints the message (one line) and exits 2. */
export class UsageError extends Error {}

/** A wrong command line: the message, then the usage, exit 2. */
export class ArgumentError extends UsageError {}

export interface CommandLine {
  /** As typed after `newshound`. */
  name: string;
  /** The --help text; it lists every option and the environment variables the command reads. */
  usage: string;
  options: ParseArgsOptionsConfig;
}

export type ParsedCommandLine = { values: Record<string, string | boolean | undefined>; positionals: string[] };

export const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const satisfies ParseArgsOptionsConfig;

/** The environment variables of every command that talks to AWS (the SDK's own). */
export const AWS_ENVIRONMENT = `  AWS_REGION, AWS_DEFAULT_REGION  the region when --region is not given
  AWS_PROFILE                     the profile when --profile is not given
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE
                                  credentials, as the AWS SDK reads them`;

export function parseCommandLine(line: CommandLine, argv: string[]): ParsedCommandLine {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: { ...line.options, ...HELP_OPTION } }) as ParsedCommandLine;
  } catch (error) {
    throw new ArgumentError((error as Error).message);
  }
}

/** Prints why the command failed in the one format; the exit code: 2 for bad input, 1 otherwise. */
export function reportFailure(line: Pick<CommandLine, 'name' | 'usage'>, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`newshound ${line.name}: ${message}${error instanceof ArgumentError ? `\n\n${line.usage}` : ''}`);
  return isBadInput(error) ? 2 : 1;
}

export function isBadInput(error: unknown): boolean {
  return error instanceof UsageError || error instanceof QueryError || error instanceof InUseError || error instanceof FeedParseError;
}

/** Parses argv, answers --help, runs the command and reports what it throws. */
export async function runCommandLine(line: CommandLine, argv: string[], body: (args: ParsedCommandLine) => Promise<number> | number): Promise<number> {
  try {
    const args = parseCommandLine(line, argv);
    if (args.values.help) {
      console.log(line.usage);
      return 0;
    }
    return await body(args);
  } catch (error) {
    return reportFailure(line, error);
  }
}

/** A string option's value (parseArgs types them as string | boolean | undefined here). */
export function stringOption(args: ParsedCommandLine, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}
