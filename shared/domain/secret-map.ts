/**
 * A secret that holds one value per id as a JSON object (`{"acme": "…", "globex": "…"}`): partner tokens, webhook
 * receivers' keys. Entries that are not usable are set aside with the reason, so one bad entry costs only its own id;
 * a value two ids share is refused for both, since either could then pass for the other.
 */
export interface SecretMap {
  values: ReadonlyMap<string, string>;
  rejected: readonly { id: string; reason: string }[];
}

export const EMPTY_SECRET_MAP: SecretMap = { values: new Map(), rejected: [] };

/** Throws when the secret is not a JSON object (the whole secret is unusable, not one entry). */
export function parseSecretMap(secretName: string, json: string, rule: { test(value: string): boolean; description: string }): SecretMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`the ${secretName} secret is not JSON: expected {"<id>": "<value>", ...}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`the ${secretName} secret is not a JSON object: expected {"<id>": "<value>", ...}`);

  const rejected: { id: string; reason: string }[] = [];
  const byValue = new Map<string, string[]>();
  for (const [id, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || !rule.test(value)) rejected.push({ id, reason: `not ${rule.description}` });
    else byValue.set(value, [...(byValue.get(value) ?? []), id]);
  }
  const values = new Map<string, string>();
  for (const [value, ids] of byValue) {
    if (ids.length === 1) values.set(ids[0]!, value);
    else for (const id of ids) rejected.push({ id, reason: `shares its value with ${ids.filter((other) => other !== id).join(', ')}` });
  }
  return { values, rejected };
}
