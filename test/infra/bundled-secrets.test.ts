/**
 * No secret value is compiled into a function. Every bundle is built with the options CDK builds it with
 * (infra/local/aws/bundles.ts) from a local-stage config that gives a partner token and a webhook key inline, and
 * every output file (bundles and source maps) is searched for them: as they are, base64-encoded at any offset (the
 * bundled config is base64), and inside every base64 string literal decoded. A non-secret marker from the same
 * config is found the same way, so the search is shown to see into the bundled config.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../infra/config/topics.js';
import { workerEntries } from '../../infra/constructs/bundle-options.js';
import { PROJECT_ROOT } from '../../infra/constructs/project-root.js';
import { buildLocalBundles } from '../../infra/local/aws/bundles.js';
import { parseAppConfig } from '../../shared/runtime/app-config.js';
import { FUNCTION_NAMES } from '../../shared/topology/functions.js';

const PARTNER_TOKEN = 'cGFydG5lci10b2tlbi10aGF0LW11c3Qtbm90LWxlYWsx';
const WEBHOOK_KEY = 'webhook-key-that-must-not-leak-0123456789';
/** Not a secret: a partner id, bundled as config. */
const MARKER = 'marker-partner-5b1f0c';

const config = parseAppConfig({
  stage: 'local',
  publicBaseUrl: 'http://127.0.0.1:8780',
  email: { from: 'alerts@newshound.local' },
  feeds: [{ id: 'wire', url: 'http://127.0.0.1:8780/samples/world-wire.xml' }],
  topics,
  subscribers: [{ id: 'ops-hook', webhookUrl: 'https://hooks.example.org/newshound', webhookSecret: WEBHOOK_KEY, topics: ['csto'], channels: ['webhook'] }],
  partners: [{ id: MARKER, token: PARTNER_TOKEN, topics: ['csto'] }],
  allowLoopback: true,
});

/** Substrings that base64 (or base64url) of any text containing `value` must contain, whatever its offset. */
function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set([value]);
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    // Characters mixing in bits of the bytes before or after the value are left off.
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor((padded.length * 8) / 6);
    forms.add(padded.toString('base64').slice(start, end));
    forms.add(padded.toString('base64url').slice(start, end));
  }
  return [...forms];
}

/** The text of a file and of every long base64 string literal in it, decoded. */
function searchable(text: string): string {
  const decoded = [...text.matchAll(/["'`]([A-Za-z0-9+/_-]{64,}={0,2})["'`]/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
  return [text, ...decoded].join('\n');
}

const contains = (text: string, value: string) => encodedForms(value).some((form) => text.includes(form));

let outdir: string;
let files: { name: string; text: string }[];

beforeAll(async () => {
  // Inside the project, as the local runtime builds them.
  const scratch = path.join(PROJECT_ROOT, 'test', '.tmp');
  await mkdir(scratch, { recursive: true });
  outdir = await mkdtemp(path.join(scratch, 'bundles-'));
  await buildLocalBundles(config, outdir);
  const names = (await readdir(outdir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  files = await Promise.all(names.map(async (name) => ({ name: path.relative(outdir, name), text: searchable(await readFile(name, 'utf8')) })));
}, 120_000);

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('the function bundles', () => {
  it('are every function\'s bundle and source map, and its workers\'', () => {
    const outputs = (name: string) => ['index.mjs', ...workerEntries(path.join(PROJECT_ROOT, 'functions', name, 'handler.ts')).map((w) => w.file)];
    expect(files.map((f) => f.name).sort()).toEqual(FUNCTION_NAMES.flatMap((name) => outputs(name).flatMap((file) => [`${name}/${file}`, `${name}/${file}.map`])).sort());
  });

  it('each carry the bundled config, where the search finds it (the marker partner id)', () => {
    expect(files.filter((f) => contains(f.text, MARKER)).map((f) => f.name).sort()).toEqual(FUNCTION_NAMES.map((name) => `${name}/index.mjs`).sort());
  });

  it.each([
    ['the partner token', PARTNER_TOKEN],
    ['the webhook key', WEBHOOK_KEY],
  ])('never contain %s, in any form', (_what, secret) => {
    expect(files.filter((f) => contains(f.text, secret)).map((f) => f.name)).toEqual([]);
  });

  it('would find a secret that was bundled (the search is not blind)', () => {
    const leaked = `const config = ${JSON.stringify(Buffer.from(JSON.stringify({ partners: [{ token: PARTNER_TOKEN }] })).toString('base64'))};`;
    expect(contains(searchable(leaked), PARTNER_TOKEN)).toBe(true);
    for (const prefix of ['', 'a', 'ab']) expect(contains(Buffer.from(`${prefix}${WEBHOOK_KEY}"}`).toString('base64'), WEBHOOK_KEY)).toBe(true);
  });
});
