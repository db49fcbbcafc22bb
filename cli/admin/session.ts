/**
 * The frame every admin command runs in: parse the options (usage errors exit 2), find the deployment (a missing
 * stack, missing or refused credentials, a local runtime that is not running: one line, exit 2), run the command
 * (its exit code: 0 all well, 1 something needs action), close the clients.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from '../commands/topics.js';
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
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...TARGET_OPTIONS, ...command.options } }) as { values: Record<string, string | boolean | undefined>; positionals: string[] });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${command.usage}`);
    return 2;
  }
  if (values.help) {
    console.log(command.usage);
    return 0;
  }
  const wrong = command.checkPositionals(positionals);
  if (wrong) {
    console.error(`${wrong}\n\n${command.usage}`);
    return 2;
  }

  let target: AdminTarget | undefined;
  let clients: AwsClients | undefined;
  try {
    target = resolveTarget(targetOptions(values));
    clients = new AwsClients(target.clientConfig);
    const stack = await DeployedStack.load(clients, target.stacks);
    return await command.run({ target, clients, stack, json: values.json === true }, { values, positionals });
  } catch (error) {
    const reason = unavailableReason(error, { stack: target?.stacks.stateless ?? '(unknown)', region: target?.region, ...(target?.localEndpoint ? { localEndpoint: target.localEndpoint } : {}) });
    if (reason) {
      console.error(`newshound ${command.name}: ${reason}`);
      return 2;
    }
    if (error instanceof UsageError) {
      console.error(`newshound ${command.name}: ${error.message}`);
      return 2;
    }
    console.error(`newshound ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    clients?.destroy();
  }
}
