import { randomInt } from 'node:crypto';

/** CloudFormation's `AWS::SecretsManager::Secret` GenerateSecretString (the same fields as GetRandomPassword, plus the JSON template pair). */
export interface GenerateSecretString {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeLowercase?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
  /** With SecretStringTemplate: the value is the template (a JSON object) with the password under this key. */
  GenerateStringKey?: string;
  SecretStringTemplate?: string;
}

const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUMBERS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** A random value following `spec` the way Secrets Manager does: defaults 32 characters, every printable ASCII class, each class present. */
export function generateSecretString(spec: GenerateSecretString = {}): string {
  const length = spec.PasswordLength ?? 32;
  if (!Number.isInteger(length) || length < 1 || length > 4096) throw new Error(`PasswordLength must be a whole number from 1 to 4096, got ${length}`);
  const excluded = new Set(spec.ExcludeCharacters ?? '');
  const keep = (chars: string) => [...chars].filter((c) => !excluded.has(c)).join('');
  const classes = [
    spec.ExcludeLowercase ? '' : keep(LOWERCASE),
    spec.ExcludeUppercase ? '' : keep(UPPERCASE),
    spec.ExcludeNumbers ? '' : keep(NUMBERS),
    spec.ExcludePunctuation ? '' : keep(PUNCTUATION),
  ].filter((chars) => chars.length > 0);
  const pool = classes.join('') + (spec.IncludeSpace && !excluded.has(' ') ? ' ' : '');
  if (pool.length === 0) throw new Error('GenerateSecretString excludes every character');
  // The space is not a class of its own: RequireEachIncludedType covers letters, numbers and punctuation.
  const required = spec.RequireEachIncludedType === false ? [] : classes;
  if (required.length > length) throw new Error(`PasswordLength ${length} is too short to include each of ${required.length} character types`);

  let password: string;
  // Rejection sampling keeps every acceptable password equally likely.
  do {
    password = Array.from({ length }, () => pool[randomInt(pool.length)]).join('');
  } while (!required.every((chars) => [...password].some((c) => chars.includes(c))));
  return withTemplate(password, spec);
}

function withTemplate(password: string, spec: GenerateSecretString): string {
  const { GenerateStringKey: key, SecretStringTemplate: template } = spec;
  if (key === undefined && template === undefined) return password;
  if (key === undefined || template === undefined) throw new Error('GenerateStringKey and SecretStringTemplate go together');
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    throw new Error('SecretStringTemplate is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('SecretStringTemplate must be a JSON object');
  return JSON.stringify({ ...parsed, [key]: password });
}
