/**
 * The functions' bundles for the local runtime: built with exactly the esbuild options (and bundled config) that
 * AppFunction gives CDK's NodejsFunction, into a folder inside the project so they resolve @aws-sdk/* from
 * node_modules as Lambda resolves them from its runtime, the worker threads a function starts beside its index.mjs.
 * One esbuild run builds all fourteen.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { AppConfig } from '../../../shared/runtime/app-config.js';
import { FUNCTION_NAMES } from '../../../shared/topology/functions.js';
import { esbuildOptions } from '../../bundle-sizes.js';
import { workerEntries } from '../../constructs/bundle-options.js';
import { PROJECT_ROOT } from '../../constructs/project-root.js';

export async function buildLocalBundles(config: AppConfig, outdir: string): Promise<{ bundles: Record<string, string>; remove(): void }> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const options = esbuildOptions('', '', config);
  delete options.outfile;
  await build({
    ...options,
    entryPoints: Object.fromEntries(
      FUNCTION_NAMES.flatMap((name) => {
        const handler = join(PROJECT_ROOT, 'functions', name, 'handler.ts');
        return [[`${name}/index`, handler], ...workerEntries(handler).map((w) => [`${name}/${w.file.replace(/\.mjs$/, '')}`, w.entry])];
      }),
    ),
    outdir,
    outExtension: { '.js': '.mjs' },
    metafile: false,
  });
  return {
    bundles: Object.fromEntries(FUNCTION_NAMES.map((name) => [name, join(outdir, name, 'index.mjs')])),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
