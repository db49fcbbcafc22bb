import { AwsError, type AwsJsonOperation } from './aws-json-server.js';
import type { Secret, SecretsManagerStore } from './secrets-manager-store.js';

/** The Secrets Manager operations the local runtime needs, with AWS's member names, shapes and errors. */
export function secretsManagerOperations(store: SecretsManagerStore): Record<string, AwsJsonOperation> {
  return {
    CreateSecret(input) {
      rejectBinary(input);
      const secret = store.createSecret({
        name: required(input, 'Name', 512),
        description: optional(input, 'Description', 2048),
        value: optional(input, 'SecretString', 65536),
        versionId: clientRequestToken(input),
      });
      return { ARN: secret.arn, Name: secret.name, VersionId: secret.versions[0]?.id, ReplicationStatus: [] };
    },

    GetSecretValue(input) {
      const secret = store.get(required(input, 'SecretId', 2048));
      const version = store.version(secret, { versionId: optional(input, 'VersionId', 64), stage: optional(input, 'VersionStage', 256) });
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.id,
        SecretString: version.value,
        VersionStages: version.stages,
        CreatedDate: epochSeconds(version.created),
      };
    },

    PutSecretValue(input) {
      rejectBinary(input);
      const value = optional(input, 'SecretString', 65536);
      if (value === undefined) throw new AwsError('InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
      const stages = input.VersionStages;
      if (stages !== undefined && !(Array.isArray(stages) && stages.length > 0 && stages.every((s) => typeof s === 'string' && s.length > 0))) {
        throw new AwsError('ValidationException', 'VersionStages must be a non-empty list of staging labels');
      }
      const { secret, version } = store.putSecretValue(required(input, 'SecretId', 2048), {
        value,
        versionId: clientRequestToken(input),
        stages: stages as string[] | undefined,
      });
      return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: version.stages };
    },

    DescribeSecret(input) {
      const secret = store.get(required(input, 'SecretId', 2048));
      return { ...summary(secret), VersionIdsToStages: versionsToStages(secret) };
    },

    ListSecrets(input) {
      if (Array.isArray(input.Filters) && input.Filters.length > 0) {
        throw new AwsError('InvalidParameterException', 'The local Secrets Manager does not support ListSecrets Filters');
      }
      // Unlike DescribeSecret, list entries call the map SecretVersionsToStages.
      return { SecretList: store.list().map((secret) => ({ ...summary(secret), SecretVersionsToStages: versionsToStages(secret) })) };
    },
  };
}

function summary(secret: Secret) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    CreatedDate: epochSeconds(secret.created),
    LastChangedDate: epochSeconds(secret.lastChanged),
  };
}

/** Only labelled versions: AWS treats the rest as deprecated and leaves them out. */
function versionsToStages(secret: Secret): Record<string, string[]> | undefined {
  const labelled = secret.versions.filter((v) => v.stages.length > 0);
  return labelled.length === 0 ? undefined : Object.fromEntries(labelled.map((v) => [v.id, v.stages]));
}

// The JSON protocols carry timestamps as (fractional) epoch seconds.
const epochSeconds = (ms: number) => ms / 1000;

function clientRequestToken(input: Record<string, unknown>): string | undefined {
  const token = optional(input, 'ClientRequestToken', 64);
  if (token !== undefined && token.length < 32) throw new AwsError('ValidationException', 'ClientRequestToken must be 32 to 64 characters long');
  return token;
}

function rejectBinary(input: Record<string, unknown>) {
  if (input.SecretBinary !== undefined) throw new AwsError('InvalidParameterException', 'The local Secrets Manager supports SecretString only, not SecretBinary');
}

function required(input: Record<string, unknown>, member: string, maxLength: number): string {
  const value = optional(input, member, maxLength);
  if (value === undefined || value === '') throw new AwsError('ValidationException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function optional(input: Record<string, unknown>, member: string, maxLength: number): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsError('SerializationException', `${member} must be a string`);
  if (value.length > maxLength) {
    throw new AwsError('ValidationException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`);
  }
  return value;
}
