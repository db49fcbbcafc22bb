import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../../infra/bundle-sizes.js';
import { sampleConfig } from '../../../infra/config/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The bundle AppFunction would build for a function, without writing it: which inputs ended up in it. */
async function bundledInputs(name: string): Promise<string[]> {
  const result = await build({ ...esbuildOptions(`${root}functions/${name}/handler.ts`, `/tmp/newshound-${name}.mjs`, sampleConfig()), write: false });
  const output = Object.entries(result.metafile!.outputs).find(([file]) => file.endsWith('.mjs'))![1];
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
}

describe('send-<channel> functions bundle only their own adapter', () => {
  it.each([
    ['send-email', /nodemailer/, /ipaddr\.js|telegram-bot-client/],
    ['send-telegram', /telegram-bot-client/, /nodemailer|ipaddr\.js|ses-mailer|webhook-client/],
    ['send-webhook', /webhook-client/, /nodemailer|ses-mailer|telegram-bot-client/],
  ])('%s bundles %s and nothing of %s', async (name, own, others) => {
    const inputs = await bundledInputs(name);
    expect(inputs.some((file) => own.test(file))).toBe(true);
    expect(inputs.filter((file) => others.test(file))).toEqual([]);
  });
});
