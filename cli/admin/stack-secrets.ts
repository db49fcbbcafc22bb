/**
 * The stage's Telegram bot token, read as the functions read it: the SSM SecureString the stateful stack names in its
 * TelegramBotTokenSecretArn output (else /newshound/<stage>/telegram-bot-token, the stage taken from the stack's name).
 * Values are returned to the caller only; nothing here prints them.
 */
import { GetParameterCommand, ParameterNotFound } from '@aws-sdk/client-ssm';
import { secretParameterName } from '../../shared/topology/functions.js';
import type { AwsClients } from './aws-clients.js';
import type { DeployedStack } from './deployed-stack.js';

export interface BotTokenParameter {
  /** The parameter's name, /newshound/<stage>/telegram-bot-token. */
  name: string;
  stage: string;
}

export function botTokenParameter(stack: DeployedStack): BotTokenParameter {
  const arn = stack.output('TelegramBotTokenSecretArn');
  const fromArn = arn?.startsWith('arn:aws:ssm:') ? arn.slice(arn.indexOf(':parameter') + ':parameter'.length) : undefined;
  const stage = (fromArn ? /^\/newshound\/([^/]+)\//.exec(fromArn)?.[1] : undefined) ?? /^Newshound-(.+)-Stateful$/.exec(stack.names.stateful)?.[1];
  if (!stage) throw new Error(`${stack.names.stateful} names no bot token parameter (its TelegramBotTokenSecretArn output); deploy it again`);
  return { name: fromArn ?? secretParameterName(stage, 'telegramBotToken'), stage };
}

/** The token; undefined while the parameter does not exist (the admin has not set it yet). */
export async function readBotToken(clients: AwsClients, parameter: BotTokenParameter): Promise<string | undefined> {
  try {
    return (await clients.ssm.send(new GetParameterCommand({ Name: parameter.name, WithDecryption: true }))).Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound || (error as { name?: string }).name === 'ParameterNotFound') return undefined;
    throw error;
  }
}

/** The command that sets the token (the token itself left for the admin to give on stdin). */
export function setBotTokenCommand(parameter: BotTokenParameter): string {
  return `newshound secret set telegram-bot-token --stage ${parameter.stage} < <file holding the token from @BotFather>`;
}
