import { AwsError, type AwsJsonOperation, startAwsJsonServer } from './aws-json-server.js';
import { opaqueCiphertext, type Parameter, SsmParameterStore } from './ssm-parameter-store.js';

export interface LocalParameterStore {
  /** http://127.0.0.1:<port>; point the SDK at it with AWS_ENDPOINT_URL_SSM. */
  url: string;
  /** A parameter's value, for the local runtime itself (handlers go through the API). */
  value(name: string): string | undefined;
  arnOf(name: string): string;
  close(): Promise<void>;
}

/**
 * An SSM Parameter Store stand-in on loopback speaking the AWS JSON 1.1 protocol (GetParameter, PutParameter,
 * DeleteParameter), with the standard and advanced tiers' size limits; persisted to `file` when given, in memory otherwise. SecureStrings are kept as
 * given: the aws/ssm key's policy lets every principal of the account decrypt through SSM, so there is no KMS check
 * to play.
 */
export async function startParameterStore(options: { host?: string; port?: number; file?: string; region?: string; accountId?: string } = {}): Promise<LocalParameterStore> {
  const store = new SsmParameterStore({ file: options.file, region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' });
  const server = await startAwsJsonServer({ host: options.host, port: options.port, targetPrefix: 'AmazonSSM', operations: ssmOperations(store), internalErrorType: 'InternalServerError' });
  return { url: server.url, value: (name) => store.find(name)?.value, arnOf: (name) => store.arnOf(name), close: server.close };
}

export function ssmOperations(store: SsmParameterStore): Record<string, AwsJsonOperation> {
  return {
    GetParameter(input) {
      const parameter = store.get(nameOf(input));
      const decrypt = input.WithDecryption === true;
      return { Parameter: described(store, parameter, decrypt) };
    },

    PutParameter(input) {
      const value = input.Value;
      if (typeof value !== 'string') throw new AwsError('ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must not be null");
      const parameter = store.put({
        name: nameOf(input),
        value,
        ...optionalString(input, 'Type', 'type'),
        ...optionalString(input, 'Description', 'description'),
        ...optionalString(input, 'KeyId', 'keyId'),
        ...optionalString(input, 'Tier', 'tier'),
        overwrite: input.Overwrite === true,
      });
      return { Version: parameter.version, Tier: parameter.tier };
    },

    DeleteParameter(input) {
      store.delete(nameOf(input));
      return {};
    },
  };
}

function described(store: SsmParameterStore, parameter: Parameter, decrypt: boolean) {
  return {
    Name: parameter.name,
    Type: parameter.type,
    Value: parameter.type === 'SecureString' && !decrypt ? opaqueCiphertext(parameter) : parameter.value,
    Version: parameter.version,
    LastModifiedDate: parameter.lastModified / 1000,
    ARN: store.arnOf(parameter.name),
    DataType: 'text',
  };
}

function nameOf(input: Record<string, unknown>): string {
  const name = input.Name;
  if (typeof name !== 'string' || name === '') throw new AwsError('ValidationException', "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must not be null");
  // AWS also takes an ARN, or name:version / name:label; the local runtime has no use for them.
  if (name.includes(':')) throw new AwsError('ValidationException', `The local Parameter Store takes parameter names only, not ARNs or version/label selectors (${name})`);
  return name;
}

function optionalString<K extends string>(input: Record<string, unknown>, member: string, key: K): Partial<Record<K, string>> {
  const value = input[member];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw new AwsError('SerializationException', `${member} must be a string`);
  return { [key]: value } as Partial<Record<K, string>>;
}
