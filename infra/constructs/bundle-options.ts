/**
 * The one set of esbuild options every Lambda bundle is built with. AppFunction maps it onto
 * NodejsFunction's bundling props; infra/bundle-sizes.ts hands it to esbuild directly, so the
 * sizes it reports are the sizes that ship.
 *
 * No aws-cdk-lib import here: the size script must load fast.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { BUNDLED_CONFIG_IDENTIFIER, bundledConfigDefine } from '../../shared/runtime/lambda-config.js';

/** esbuild target matching the Lambda runtime (Runtime.NODEJS_26_X). */
export const BUNDLE_TARGET = 'node26';

/**
 * ESM output cannot `require`, but CommonJS dependencies bundled into it (nodemailer, for
 * instance) call `require('events')` and friends; esbuild turns those into a shim that throws
 * unless a real `require` is in scope.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __newshoundCreateRequire } from 'node:module'; const require = __newshoundCreateRequire(import.meta.url);";

/**
 * The Node.js 26 Lambda runtime ships the AWS SDK v3; bundling it would blow the 250 KB budget
 * (client-dynamodb alone is larger). Everything else is bundled.
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

/**
 * Modules replaced in every bundle, by project-relative paths: linkedom's CSS parser (200 KB) and the HTML serializer
 * its selector engine's helpers import (80 KB with its entity tables), which the page worker never calls
 * (shared/adapters/readability/unused-by-extraction.ts). No handler bundles linkedom, so only that worker changes.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  'cssomnom/parse': 'shared/adapters/readability/unused-by-extraction.ts',
  'dom-serializer': 'shared/adapters/readability/unused-by-extraction.ts',
};

/** Prefer ESM entry points of dependencies: smaller, tree-shakeable. */
export const MAIN_FIELDS = ['module', 'main'];

export const bundleOptions = {
  target: BUNDLE_TARGET,
  format: 'esm',
  platform: 'node',
  minify: true,
  sourceMap: true,
  /** Maps without embedded sources: stack traces still map, the artefact stays small. */
  sourcesContent: false,
  /** Non-ASCII text (topic names, charset tables) as UTF-8 bytes instead of \u escapes: smaller bundles. */
  charset: 'utf8',
  banner: ESM_REQUIRE_BANNER,
  externalModules: EXTERNAL_MODULES,
  mainFields: MAIN_FIELDS,
} as const;

/** esbuild `define`: the validated config bundled into every function (read by shared/runtime/lambda-config.ts). */
export function bundleDefine(config: AppConfig): Record<string, string> {
  return { [BUNDLED_CONFIG_IDENTIFIER]: bundledConfigDefine(config) };
}

/**
 * The worker threads a function starts ship beside its handler: every `<name>.worker.ts` beside the entry is bundled,
 * with the same options, to `<name>.worker.mjs` beside `index.mjs` (poll-feed's parse worker finds it there).
 */
export function workerEntries(entry: string): { entry: string; file: string }[] {
  const dir = dirname(entry);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.worker.ts'))
    .sort()
    .map((f) => ({ entry: join(dir, f), file: `${basename(f, '.ts')}.mjs` }));
}

/** The esbuild command line for `bundleOptions` (a worker has no bundled config: it reads none). */
export function esbuildCommandLine(esbuild: string, entry: string, outfile: string, tsconfig: string): string {
  const args = [
    entry,
    '--bundle',
    `--platform=${bundleOptions.platform}`,
    `--target=${bundleOptions.target}`,
    `--format=${bundleOptions.format}`,
    ...(bundleOptions.minify ? ['--minify'] : []),
    ...(bundleOptions.sourceMap ? ['--sourcemap'] : []),
    `--sources-content=${bundleOptions.sourcesContent}`,
    `--charset=${bundleOptions.charset}`,
    `--banner:js=${bundleOptions.banner}`,
    ...bundleOptions.externalModules.map((m) => `--external:${m}`),
    `--main-fields=${bundleOptions.mainFields.join(',')}`,
    // The project's root is the tsconfig's folder, wherever the bundling runs.
    ...Object.entries(BUNDLE_ALIASES).map(([from, to]) => `--alias:${from}=${join(dirname(tsconfig), to)}`),
    `--tsconfig=${tsconfig}`,
    `--outfile=${outfile}`,
    '--log-level=warning',
  ];
  return [esbuild, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
}

/** NODE_OPTIONS for every function: source-mapped stack traces. */
export const NODE_OPTIONS = '--enable-source-maps';

/** Budgets from DESIGN.md. */
export const BUNDLE_BUDGET_BYTES = 250 * 1024;
export const BUNDLE_HARD_CAP_BYTES = 500 * 1024;
export const INIT_BUDGET_MS = 150;
