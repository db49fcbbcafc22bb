import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderFeedPublisher } from '../../../shared/adapters/local/folder-feed-publisher.js';
import { contentHash } from '../../../shared/domain/syndication/index.js';
import { PublishError } from '../../../shared/ports/errors.js';

describe('FolderFeedPublisher', () => {
  let dir: string;
  let publisher: FolderFeedPublisher;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'newshound-feeds-'));
    publisher = new FolderFeedPublisher(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('maps keys under feeds/ onto the folder, like URL paths', async () => {
    const { location } = await publisher.put('feeds/csto.xml', '<rss/>', 'application/rss+xml');
    expect(location).toBe(path.join(dir, 'csto.xml'));
    expect(await readFile(path.join(dir, 'csto.xml'), 'utf8')).toBe('<rss/>');
    await publisher.put('feeds/private/tok/all.json', '{}', 'application/feed+json');
    expect(await readFile(path.join(dir, 'private', 'tok', 'all.json'), 'utf8')).toBe('{}');
    expect((await new FolderFeedPublisher(dir, { publicBaseUrl: 'http://127.0.0.1:1/' }).put('feeds/a.xml', 'x', 't')).location).toBe('http://127.0.0.1:1/feeds/a.xml');
  });

  it('head gives the SHA-256 of what is stored, or undefined', async () => {
    expect(await publisher.head('feeds/csto.xml')).toBeUndefined();
    await publisher.put('feeds/csto.xml', 'Переговоры 😀', 'application/rss+xml');
    expect(await publisher.head('feeds/csto.xml')).toEqual({ contentHash: contentHash('Переговоры 😀') });
  });

  it('replaces files by rename, leaving no temp files behind', async () => {
    await publisher.put('feeds/csto.xml', 'one', 't');
    await publisher.put('feeds/csto.xml', 'two', 't');
    expect(await readdir(dir)).toEqual(['csto.xml']);
    expect(await readFile(path.join(dir, 'csto.xml'), 'utf8')).toBe('two');
  });

  it('lists keys by prefix, skipping hidden and temp files', async () => {
    await publisher.put('feeds/csto.xml', 'x', 't');
    await publisher.put('feeds/private/tok/csto.xml', 'x', 't');
    await writeFile(path.join(dir, '.csto.xml.123.tmp'), 'partial');
    expect(await publisher.list('feeds/')).toEqual(['feeds/csto.xml', 'feeds/private/tok/csto.xml']);
    expect(await publisher.list('feeds/private/')).toEqual(['feeds/private/tok/csto.xml']);
    expect(await new FolderFeedPublisher(path.join(dir, 'absent')).list('feeds/')).toEqual([]);
  });

  it('deletes keys and the emptied partner folder, not the root', async () => {
    await publisher.put('feeds/private/tok/csto.xml', 'x', 't');
    await publisher.put('feeds/private/tok/all.xml', 'x', 't');
    await publisher.delete(['feeds/private/tok/csto.xml', 'feeds/private/tok/all.xml', 'feeds/private/tok/absent.xml']);
    expect(await readdir(dir)).toEqual([]);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it.each(['feeds/../escape.xml', 'feeds/private/../../escape.xml', 'other/csto.xml', 'feeds/', 'feeds//x.xml', 'feeds/.hidden', 'feeds/a\\..\\b.xml'])('refuses the key %j', async (key) => {
    await expect(publisher.put(key, 'x', 't')).rejects.toBeInstanceOf(PublishError);
    await expect(publisher.head(key)).rejects.toBeInstanceOf(PublishError);
  });

  it('throws a PublishError when the folder cannot be written', async () => {
    await writeFile(path.join(dir, 'file'), 'x');
    await expect(new FolderFeedPublisher(path.join(dir, 'file')).put('feeds/a.xml', 'x', 't')).rejects.toBeInstanceOf(PublishError);
  });
});
