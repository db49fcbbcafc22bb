import * as z from 'zod/mini';
import '../domain/zod-messages.js';
import { ConfigError } from '../ports/errors.js';

/** Reads one required environment variable; a missing one names itself. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new ConfigError(name, 'environment variable is missing');
  return value;
}

const url = z.url();

/** A required environment variable holding a URL. */
export function requireUrlEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = requireEnv(name, env);
  if (!url.safeParse(value).success) throw new ConfigError(name, `not a URL: ${value}`);
  return value;
}
