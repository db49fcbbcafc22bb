import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeedsFile } from '../../../infra/local/feeds-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newshound-feeds-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileWith = async (text: string) => {
  const file = path.join(dir, `feeds-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, text);
  return file;
};

describe('npm start -- --feeds FILE', () => {
  it('reads the feeds as the config has them', async () => {
    const file = await fileWith(JSON.stringify([{ id: 'my-feed', url: 'https://example.org/feed.xml', title: 'Mine' }, { id: 'later', url: 'http://127.0.0.1:9000/x.xml', enabled: false }]));
    expect(readFeedsFile(file, ['world-wire'])).toEqual([
      { id: 'my-feed', url: 'https://example.org/feed.xml', title: 'Mine' },
      { id: 'later', url: 'http://127.0.0.1:9000/x.xml', enabled: false },
    ]);
  });

  it.each([
    ['a bad URL', [{ id: 'a', url: 'not a url' }], '[0].url: Invalid URL'],
    ['an id with capitals', [{ id: 'ok', url: 'https://a.example/' }, { id: 'My Feed', url: 'https://a.example/' }], '[1].id: lower-case letters, digits and hyphens'],
    ['a missing id', [{ url: 'https://a.example/' }], '[0].id: '],
    ['a misspelt key', [{ id: 'a', uri: 'https://a.example/' }], '[0].url: '],
    ['an unknown key', [{ id: 'a', url: 'https://a.example/', interval: 5 }], '[0]: Unrecognized key: "interval"'],
    ['an object instead of a list', { id: 'a', url: 'https://a.example/' }, 'expected a JSON array of feeds'],
    ['two feeds with one id', [{ id: 'a', url: 'https://a.example/' }, { id: 'a', url: 'https://b.example/' }], '[1].id: duplicate id "a"'],
    ["a sample feed's id", [{ id: 'world-wire', url: 'https://a.example/' }], '[0].id: duplicate id "world-wire" (a sample feed\'s id; choose another, or pass --no-samples'],
  ])('refuses %s, naming the key', async (_what, content, message) => {
    const file = await fileWith(JSON.stringify(content));
    expect(() => readFeedsFile(file, ['world-wire'])).toThrow(`--feeds ${file}: ${message}`);
  });

  it('says what is wrong with a file that is missing or not JSON', async () => {
    expect(() => readFeedsFile(path.join(dir, 'none.json'))).toThrow(`--feeds ${path.join(dir, 'none.json')}: no such file`);
    const file = await fileWith('[{"id": "a",}]');
    expect(() => readFeedsFile(file)).toThrow(new RegExp(`^--feeds ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(.+\\); expected \\[\\{"id"`));
  });
});
