import { createHash } from 'node:crypto';
import { AwsError } from './aws-json-server.js';
import { readJsonFile, writePrivateJsonFile } from './private-json-file.js';

export interface Parameter {
  name: string;
  type: 'String' | 'StringList' | 'SecureString';
  value: string;
  version: number;
  /** Epoch milliseconds. */
  lastModified: number;
  description?: string;
  /** SecureString only: the key it is (notionally) encrypted with. */
  keyId?: string;
  tier: 'Standard' | 'Advanced';
}

// Names of up to 1011 characters (with the path), at most 15 levels; values of up to 4 KB (standard tier) or 8 KB (advanced).
const NAME = /^\/?[A-Za-z0-9_.\-/]{1,1011}$/;
const MAX_VALUE_BYTES = { Standard: 4096, Advanced: 8192 } as const;
const DEFAULT_KEY = 'alias/aws/ssm';

/** Parameters by name, following Parameter Store's rules for the standard tier; persisted to `file` after every change when given. */
export class SsmParameterStore {
  private parameters: readonly Parameter[];

  constructor(private readonly options: { file?: string; region: string; accountId: string; now?: () => number }) {
    this.parameters = options.file ? load(options.file) : [];
  }

  find(name: string): Parameter | undefined {
    return this.parameters.find((p) => p.name === name);
  }

  get(name: string): Parameter {
    const parameter = this.find(name);
    if (!parameter) throw new AwsError('ParameterNotFound', `Parameter ${name} not found.`);
    return parameter;
  }

  /** `arn:aws:ssm:<region>:<account>:parameter/a/b` for `/a/b` and `a/b` alike. */
  arnOf(name: string): string {
    return parameterArn(this.options.region, this.options.accountId, name);
  }

  put(input: { name: string; value: string; type?: string; overwrite?: boolean; description?: string; keyId?: string; tier?: string }): Parameter {
    validateName(input.name);
    const size = Buffer.byteLength(input.value, 'utf8');
    const requested = input.tier ?? 'Standard';
    if (requested !== 'Standard' && requested !== 'Advanced' && requested !== 'Intelligent-Tiering') throw new AwsError('ValidationException', `Tier ${requested} is not one of Standard, Advanced, Intelligent-Tiering`);
    // Intelligent-Tiering picks the standard tier when the value fits it; an advanced parameter never goes back.
    const fitsStandard = size <= MAX_VALUE_BYTES.Standard && this.find(input.name)?.tier !== 'Advanced';
    const tier = requested === 'Intelligent-Tiering' ? (fitsStandard ? 'Standard' : 'Advanced') : requested;
    if (tier === 'Standard' && this.find(input.name)?.tier === 'Advanced') throw new AwsError('ValidationException', 'This parameter uses the advanced-parameter tier. You can\'t downgrade a parameter from the advanced-parameter tier to the standard-parameter tier.');
    if (size > MAX_VALUE_BYTES[tier]) {
      throw new AwsError('ValidationException', `${tier} tier parameters support a maximum parameter value of ${MAX_VALUE_BYTES[tier]} characters.${tier === 'Standard' ? ' To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.' : ''}`);
    }
    if (input.value.length === 0) throw new AwsError('ValidationException', "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
    return this.mutate((parameters) => {
      const index = parameters.findIndex((p) => p.name === input.name);
      const existing = index < 0 ? undefined : parameters[index]!;
      if (existing && !input.overwrite) {
        throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
      }
      const type = input.type ?? existing?.type;
      if (type === undefined) throw new AwsError('ValidationException', 'A parameter type is required when you create a parameter.');
      if (type !== 'String' && type !== 'StringList' && type !== 'SecureString') throw new AwsError('ValidationException', `Type ${type} is not one of String, StringList, SecureString`);
      if (input.keyId !== undefined && type !== 'SecureString') throw new AwsError('ValidationException', 'KeyId is required for SecureString type parameter only.');
      const parameter: Parameter = {
        name: input.name,
        type,
        value: input.value,
        version: (existing?.version ?? 0) + 1,
        lastModified: this.now(),
        ...((input.description ?? existing?.description) === undefined ? {} : { description: input.description ?? existing?.description }),
        ...(type === 'SecureString' ? { keyId: input.keyId ?? DEFAULT_KEY } : {}),
        tier,
      };
      if (existing) parameters[index] = parameter;
      else parameters.push(parameter);
      return parameter;
    });
  }

  delete(name: string): void {
    this.get(name);
    this.mutate((parameters) => {
      parameters.splice(
        parameters.findIndex((p) => p.name === name),
        1,
      );
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Applies `change` to a copy, persists it, and only then makes it the state, so a failed write changes nothing. */
  private mutate<T>(change: (parameters: Parameter[]) => T): T {
    const next = structuredClone(this.parameters) as Parameter[];
    const result = change(next);
    if (this.options.file) writePrivateJsonFile(this.options.file, { parameters: next });
    this.parameters = next;
    return result;
  }
}

export function parameterArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, '')}`;
}

/** What GetParameter returns for a SecureString without WithDecryption: not the value (AWS gives the ciphertext). */
export function opaqueCiphertext(parameter: Parameter): string {
  return `local-ciphertext:${createHash('sha256').update(`${parameter.name}\n${parameter.version}`).digest('base64')}`;
}

function validateName(name: string) {
  if (!NAME.test(name) || name.includes('//') || name.endsWith('/')) {
    throw new AwsError('ValidationException', `Parameter name "${name}" is not valid: letters, digits and . - _ /, a path of /-separated levels`);
  }
  if (/^\/?(aws|ssm)/i.test(name)) throw new AwsError('ValidationException', 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
  if (name.split('/').filter(Boolean).length > 15) throw new AwsError('HierarchyLevelLimitExceededException', 'A hierarchy can have a maximum of 15 levels.');
}

function load(file: string): Parameter[] {
  const state = readJsonFile(file);
  if (state === undefined) return [];
  const parameters = (state as { parameters?: unknown }).parameters;
  if (!Array.isArray(parameters) || !parameters.every((p: Partial<Parameter>) => typeof p?.name === 'string' && typeof p.value === 'string' && typeof p.version === 'number')) {
    throw new Error(`${file} is not a local Parameter Store state file`);
  }
  return parameters as Parameter[];
}
