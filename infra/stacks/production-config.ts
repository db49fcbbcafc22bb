/**
 * A deployment's own config: the admin's file, named with `-c config=<file>`. The repository ships sample data only
 * (infra/config, for the local runtime and tests); feeds, topics, subscribers and the sender of a deployment live in a
 * file the admin keeps (outside the repository or in a private one: subscriber addresses are personal data), so
 * pulling a new version never touches it and the sample data can never reach production.
 *
 * JSON, or a .ts/.mts/.js/.mjs module whose default export is the config (`satisfies ProductionConfig`).
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../shared/ports/errors.js';
import type { AppConfigInput } from '../../shared/runtime/app-config.js';

/** What the file holds: the config without the deploy-time keys (stage and the public URL are context). */
export type ProductionConfig = Omit<AppConfigInput, 'stage' | 'publicBaseUrl' | 'allowLoopback'>;

const KEYS: readonly (keyof ProductionConfig)[] = ['email', 'feeds', 'topics', 'subscribers', 'polling', 'delivery', 'syndication', 'partners', 'subscriptions'];
const CONTEXT_ONLY: Record<string, string> = {
  stage: '-c stage=<name>',
  publicBaseUrl: '-c publicBaseUrl=<url> or -c domainName=<domain> -c certificateArn=<arn>',
  allowLoopback: 'nothing: only the local runtime fetches from loopback',
};

export const CONFIG_KEY = 'context.config';
export const MISSING_CONFIG_MESSAGE = 'no config file given: pass -c config=<file> with your feeds, topics, subscribers and sender (docs/deploy.md, "Production config")';

export async function readProductionConfig(path: string | undefined, cwd = process.cwd()): Promise<ProductionConfig> {
  if (path === undefined) throw new ConfigError(CONFIG_KEY, MISSING_CONFIG_MESSAGE);
  const file = resolve(cwd, path);
  const raw = extname(file) === '.json' ? await readJson(file) : await importModule(file);
  return checkKeys(raw, path);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(CONFIG_KEY, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(CONFIG_KEY, `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

async function importModule(file: string): Promise<unknown> {
  if (!['.ts', '.mts', '.js', '.mjs'].includes(extname(file))) throw new ConfigError(CONFIG_KEY, `${file}: expected a .json, .ts, .mts, .js or .mjs file`);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(CONFIG_KEY, code === 'ERR_MODULE_NOT_FOUND' ? `cannot read ${file}: ENOENT` : `${file} failed to load: ${(error as Error).message}`);
  }
  if (module.default === undefined) throw new ConfigError(CONFIG_KEY, `${file} has no default export (export default { email, feeds, topics, ... })`);
  return module.default;
}

/** Refuses what would otherwise be dropped or ignored silently: a misspelt key, a deploy-time key in the file. */
function checkKeys(raw: unknown, path: string): ProductionConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(CONFIG_KEY, `${path} must hold an object with email, feeds, topics and subscribers`);
  for (const key of Object.keys(raw)) {
    if (key in CONTEXT_ONLY) throw new ConfigError(key, `is a deploy-time value, not part of ${path}: set it with ${CONTEXT_ONLY[key]}`);
    if (!(KEYS as readonly string[]).includes(key)) throw new ConfigError(key, `unknown key in ${path} (expected ${KEYS.join(', ')})`);
  }
  return raw as ProductionConfig;
}
