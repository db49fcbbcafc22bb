import { randomInt, randomUUID } from 'node:crypto';
import { AwsError } from './aws-json-server.js';
import { readJsonFile, writePrivateJsonFile } from './private-json-file.js';

export interface SecretVersion {
  id: string;
  value: string;
  /** Epoch milliseconds. */
  created: number;
  stages: string[];
}

export interface Secret {
  arn: string;
  name: string;
  description?: string;
  created: number;
  lastChanged: number;
  versions: SecretVersion[];
}

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Secrets Manager deletes versions without a staging label once a secret has more than this many.
const MAX_VERSIONS = 100;

/** Secrets with their versions and staging labels, following Secrets Manager's rules; persisted to `file` after every change when given. */
export class SecretsManagerStore {
  private secrets: readonly Secret[];

  constructor(private readonly options: { file?: string; region: string; accountId: string; now?: () => number }) {
    this.secrets = options.file ? load(options.file) : [];
  }

  list(): readonly Secret[] {
    return this.secrets;
  }

  /** Looks a secret up by name, ARN, or ARN without the random suffix, as AWS does. */
  find(id: string): Secret | undefined {
    return this.secrets.find((s) => s.name === id || s.arn === id || (id.startsWith('arn:') && s.arn.slice(0, -7) === id));
  }

  get(id: string): Secret {
    const secret = this.find(id);
    if (!secret) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  }

  /** The version with `versionId` and/or `stage` (AWSCURRENT when neither is given). */
  version(secret: Secret, select: { versionId?: string; stage?: string }): SecretVersion {
    const stage = select.stage ?? (select.versionId === undefined ? CURRENT : undefined);
    const found = secret.versions.find((v) => (select.versionId === undefined || v.id === select.versionId) && (stage === undefined || v.stages.includes(stage)));
    if (found) return found;
    const wanted = [select.versionId === undefined ? '' : `VersionId: ${select.versionId}`, stage === undefined ? '' : `staging label: ${stage}`].filter(Boolean).join(' and ');
    throw new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${wanted}`);
  }

  createSecret(input: { name: string; description?: string; value?: string; versionId?: string }): Secret {
    if (!NAME.test(input.name)) {
      throw new AwsError('InvalidParameterException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
    }
    return this.mutate((secrets) => {
      if (secrets.some((s) => s.name === input.name)) {
        throw new AwsError('ResourceExistsException', `The operation failed because the secret ${input.name} already exists.`);
      }
      const now = this.now();
      const secret: Secret = {
        arn: `arn:aws:secretsmanager:${this.options.region}:${this.options.accountId}:secret:${input.name}-${suffix()}`,
        name: input.name,
        ...(input.description === undefined ? {} : { description: input.description }),
        created: now,
        lastChanged: now,
        versions: input.value === undefined ? [] : [{ id: input.versionId ?? randomUUID(), value: input.value, created: now, stages: [CURRENT] }],
      };
      secrets.push(secret);
      return secret;
    });
  }

  /**
   * Adds a version carrying `stages` (AWSCURRENT by default), moving those labels off other versions; the version that
   * loses AWSCURRENT gets AWSPREVIOUS. Repeating a version id with the same value changes nothing, as AWS's idempotency does.
   */
  putSecretValue(id: string, input: { value: string; versionId?: string; stages?: string[] }): { secret: Secret; version: SecretVersion } {
    const existing = input.versionId === undefined ? undefined : this.get(id).versions.find((v) => v.id === input.versionId);
    if (existing) {
      if (existing.value !== input.value) throw new AwsError('ResourceExistsException', "You can't modify an existing version, you can only create a new version.");
      return { secret: this.get(id), version: existing };
    }
    return this.mutate((secrets) => {
      const secret = secrets.find((s) => s.arn === this.get(id).arn)!;
      const now = this.now();
      const stages = [...new Set(input.stages ?? [CURRENT])];
      // The first version of a secret is always current.
      if (!secret.versions.some((v) => v.stages.includes(CURRENT)) && !stages.includes(CURRENT)) stages.push(CURRENT);
      const version: SecretVersion = { id: input.versionId ?? randomUUID(), value: input.value, created: now, stages };
      const previous = stages.includes(CURRENT) ? secret.versions.find((v) => v.stages.includes(CURRENT)) : undefined;
      for (const v of secret.versions) v.stages = v.stages.filter((s) => !stages.includes(s) && !(previous && s === PREVIOUS));
      previous?.stages.push(PREVIOUS);
      secret.versions.push(version);
      secret.lastChanged = now;
      dropDeprecatedVersions(secret);
      return { secret, version };
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Applies `change` to a copy, persists it, and only then makes it the state, so a failed write changes nothing. */
  private mutate<T>(change: (secrets: Secret[]) => T): T {
    const next = structuredClone(this.secrets) as Secret[];
    const result = change(next);
    if (this.options.file) writePrivateJsonFile(this.options.file, { secrets: next });
    this.secrets = next;
    return result;
  }
}

function dropDeprecatedVersions(secret: Secret) {
  while (secret.versions.length > MAX_VERSIONS) {
    const oldest = secret.versions.findIndex((v) => v.stages.length === 0);
    if (oldest < 0) return;
    secret.versions.splice(oldest, 1);
  }
}

function suffix(): string {
  return Array.from({ length: 6 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join('');
}

function load(file: string): Secret[] {
  const state = readJsonFile(file);
  if (state === undefined) return [];
  const secrets = (state as { secrets?: unknown }).secrets;
  if (!Array.isArray(secrets) || !secrets.every((s: Partial<Secret>) => typeof s?.arn === 'string' && typeof s.name === 'string' && Array.isArray(s.versions))) {
    throw new Error(`${file} is not a local Secrets Manager state file`);
  }
  return secrets as Secret[];
}
