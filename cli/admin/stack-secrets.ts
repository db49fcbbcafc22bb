/**
 * The stack's Telegram secrets, read as the functions read them: by the ARN the stack publishes (an output, else the
 * resource itself), from Secrets Manager or, should the stack keep one as a Parameter Store SecureString, from SSM.
 * Values are returned to the caller only; nothing here prints them.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from './aws-clients.js';
import type { DeployedStack } from './deployed-stack.js';

export type StackSecret = 'TelegramBotToken' | 'TelegramWebhookSecret';

export interface SecretRef {
  /** What the admin passes to put-secret-value (or put-parameter). */
  id: string;
  kind: 'secretsmanager' | 'ssm';
}

export function secretRef(stack: DeployedStack, secret: StackSecret): SecretRef {
  const output = stack.output(`${secret}SecretArn`);
  if (output) return { id: output, kind: output.startsWith('arn:aws:ssm:') ? 'ssm' : 'secretsmanager' };
  const inSecretsManager = stack.ofType('AWS::SecretsManager::Secret', secret)[0];
  if (inSecretsManager) return { id: inSecretsManager.physicalId, kind: 'secretsmanager' };
  const parameter = stack.ofType('AWS::SSM::Parameter', secret)[0];
  if (parameter) return { id: parameter.physicalId, kind: 'ssm' };
  throw new Error(`${stack.names.stateful} has no ${secret} secret`);
}

/** The secret's current value; undefined when it has none yet. */
export async function readSecret(clients: AwsClients, ref: SecretRef): Promise<string | undefined> {
  try {
    if (ref.kind === 'secretsmanager') return (await clients.secretsManager.send(new GetSecretValueCommand({ SecretId: ref.id }))).SecretString;
    const name = ref.id.startsWith('arn:') ? ref.id.slice(ref.id.indexOf(':parameter') + ':parameter'.length) : ref.id;
    return (await clients.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException' && /value/i.test((error as Error).message)) return undefined;
    throw error;
  }
}

/** The command that puts a new value into the secret (the value itself left for the admin to type). */
export function putSecretCommand(ref: SecretRef, placeholder: string): string {
  return ref.kind === 'secretsmanager'
    ? `aws secretsmanager put-secret-value --secret-id ${ref.id} --secret-string '${placeholder}'`
    : `aws ssm put-parameter --name ${ref.id} --type SecureString --overwrite --value '${placeholder}'`;
}
