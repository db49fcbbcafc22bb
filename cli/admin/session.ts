/**
 * The frame every admin command runs in: parse the options (usage errors exit 2), find the deployment (a missing
 * stack, missing or refused credentials, a local runtime that is not running: one line, exit 2), run the command
 * (its exit code: 0 all well, 1 something needs action), close the clients.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import { ArgumentError, type ParsedCommandLine, parseCommandLine, reportFailure } from '../command-line.js';
import { AwsClients } from './aws-clients.js';
import { DeployedStack } from './deployed-stack.js';
import { TARGET_OPTIONS, targetOptions } from './options.js';
import { type AdminTarget, resolveTarget } from './target.js';
import { unavailableReason } from './unavailable.js';

export interface AdminSession {
  target: AdminTarget;
  clients: AwsClients;
  stack: DeployedStack;
  json: boolean;
}

export interface AdminCommand<O extends ParseArgsOptionsConfig> {
  /** As typed after `newshound`, e.g. `dlq show`. */
  name: string;
  usage: string;
  options: O;
  /** A message when the positionals are wrong (exit 2 with the usage). */
  checkPositionals(positionals: string[]): string | undefined;
  run(session: AdminSession, args: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<number>;
}

export async function runAdminCommand<O extends ParseArgsOptionsConfig>(command: AdminCommand<O>, argv: string[]): Promise<number> {
  let args: ParsedCommandLine;
  try {
    args = parseCommandLine({ ...command, options: { ...TARGET_OPTIONS, ...command.options } }, argv);
    if (args.values.help) {
      console.log(command.usage);
      return 0;
    }
    const wrong = command.checkPositionals(args.positionals);
    if (wrong) throw new ArgumentError(wrong);
  } catch (error) {
    return reportFailure(command, error);
  }

  let target: AdminTarget | undefined;
  let clients: AwsClients | undefined;
  try {
    target = resolveTarget(targetOptions(args.values));
    clients = new AwsClients(target.clientConfig);
    const stack = await DeployedStack.load(clients, target.stacks);
    return await command.run({ target, clients, stack, json: args.values.json === true }, args);
  } catch (error) {
    const reason = unavailableReason(error, { stack: target?.stacks.stateless ?? '(unknown)', region: target?.region, ...(target?.localEndpoint ? { localEndpoint: target.localEndpoint } : {}) });
    if (reason) {
      console.error(`newshound ${command.name}: ${reason}`);
      return 2;
    }
    return reportFailure(command, error);
  } finally {
    clients?.destroy();
  }
}
