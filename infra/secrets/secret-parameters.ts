/** Reading and writing one secret's SSM SecureString (standard tier, the aws/ssm key), for the CLI and the local runtime. */
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

/** The value, or undefined when the parameter does not exist yet. */
export async function readSecretParameter(client: SSMClient, name: string): Promise<string | undefined> {
  try {
    const { Parameter } = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined;
    throw error;
  }
}

/**
 * Creates or replaces the parameter as a SecureString; its new version. Intelligent-Tiering keeps it in the free
 * standard tier while it fits 4 KB (a map of about 60 partner tokens) and moves it to the advanced tier ($0.05 a
 * month, up to 8 KB) beyond.
 */
export async function writeSecretParameter(client: SSMClient, name: string, value: string): Promise<number | undefined> {
  const { Version } = await client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Tier: 'Intelligent-Tiering', Overwrite: true }));
  return Version;
}
