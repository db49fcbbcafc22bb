import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleEntry } from '../../infra/bundle-sizes.js';
import { sampleConfig } from '../../infra/config/index.js';
import { AppFunction } from '../../infra/constructs/app-function.js';
import { testApp } from './support/test-app.js';

const fixture = fileURLToPath(new URL('./fixtures/cjs-handler/handler.ts', import.meta.url));
const configFixture = fileURLToPath(new URL('./fixtures/config-handler/handler.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'newshound-infra-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a bundled handler in a fresh Node.js process, as ESM, and returns what it answered. */
function invokeBundle(dir: string): unknown {
  const url = pathToFileURL(join(dir, 'index.mjs')).href;
  const out = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); process.stdout.write(JSON.stringify(await m.handler()));`], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('AppFunction bundling (real esbuild run)', () => {
  const app = testApp({}, ['Bundled']);
  const stack = new Stack(app, 'Bundled');
  const fn = new AppFunction(stack, 'CjsFixture', { name: 'cjs-fixture', entry: fixture });
  const config = sampleConfig({ feeds: [{ id: 'only', url: 'https://only.example/feed' }] });
  const withConfig = new AppFunction(stack, 'WithConfig', { name: 'config-fixture', entry: configFixture, config });
  const withoutConfig = new AppFunction(stack, 'WithoutConfig', { name: 'config-fixture', entry: configFixture });
  const assembly = app.synth();
  const bundleOf = (f: AppFunction) => join(assembly.directory, (f.fn.node.findChild('Code') as Asset).assetPath);
  const bundleDir = bundleOf(fn);

  it('emits a minified ESM index.mjs with a linked source map', () => {
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __newshoundCreateRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    expect(existsSync(join(bundleDir, 'index.mjs.map'))).toBe(true);
    expect(code.split('\n').length).toBeLessThan(10);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Runtime: 'nodejs26.x' });
  });

  it('runs on Node.js 26 as ESM, CommonJS dependencies included', () => {
    expect(invokeBundle(bundleDir)).toEqual({ decoded: 'Привет', esm: true });
  });

  it('bundles the validated config into a function given one; the deploy-time values still come from the environment', () => {
    expect(invokeBundle(bundleOf(withConfig))).toEqual({ stage: 'bundle-test', from: 'alerts@news.example.org', topics: config.topics.map((t) => t.id), feeds: 1 });
    expect(readFileSync(join(bundleOf(withConfig), 'index.mjs'), 'utf8')).not.toContain('NEWSHOUND_CONFIG');
  });

  it('fails a function bundled without a config plainly at cold start', () => {
    expect(invokeBundle(bundleOf(withoutConfig))).toEqual({ error: expect.stringContaining('no config was bundled into this function') });
  });

  it('produces the same bytes as infra/bundle-sizes.ts, which shares its esbuild options', async () => {
    const direct = await bundleEntry(fixture, join(scratch, 'direct'));
    expect(readFileSync(direct.file, 'utf8')).toBe(readFileSync(join(bundleDir, 'index.mjs'), 'utf8'));
  });
});

describe('AppFunction guards', () => {
  it('refuses a source queue whose visibility timeout is under 6x the function timeout', () => {
    const app = testApp();
    const stack = new Stack(app, 'Guard');
    const queue = new sqs.Queue(stack, 'Queue', { visibilityTimeout: Duration.seconds(60) });
    new AppFunction(stack, 'Consumer', { name: 'cjs-fixture', entry: fixture, timeout: Duration.seconds(30), source: { queue } });
    expect(() => app.synth()).toThrow(/visibility timeout 60s is below 180s/);
  });

  it('refuses a missing entry with its path', () => {
    const stack = new Stack(testApp(), 'Missing');
    expect(() => new AppFunction(stack, 'Nope', { name: 'no-such-function' })).toThrow(/functions\/no-such-function\/handler\.ts does not exist/);
  });
});
