import { describe, expect, it } from 'vitest';
import { localConfigInput, sampleConfig } from '../../../infra/config/index.js';
import { ConfigError } from '../../../shared/ports/errors.js';
import { parseAppConfig, type AppConfigInput } from '../../../shared/runtime/app-config.js';

const valid = (): AppConfigInput => structuredClone(localConfigInput({ samplesBaseUrl: 'http://127.0.0.1:1/samples', publicBaseUrl: 'http://127.0.0.1:1', telegramApiBase: 'http://127.0.0.1:2' }));

describe('parseAppConfig', () => {
  it('accepts the shipped configs and fills defaults', () => {
    const config = parseAppConfig(valid());
    expect(config.polling).toMatchObject({ minIntervalMinutes: 5, maxIntervalMinutes: 1440, maxBodyBytes: 10 * 1024 * 1024 });
    expect(config.topics.map((t) => t.id)).toEqual(expect.arrayContaining(['csto', 'nagorno-karabakh']));
    expect(sampleConfig().stage).toBe('prod');
    expect(config.email).toMatchObject({ fromName: 'newshound', language: 'en' });
    expect(config.subscriptions.telegramLinkBase).toBe('https://t.me');
  });

  it.each<[string, (c: AppConfigInput) => void, string]>([
    ['a feed URL that is not a URL', (c) => (c.feeds[0]!.url = 'not a url'), 'feeds[0].url'],
    ['a duplicate topic id', (c) => c.topics.push({ ...c.topics[0]! }), 'topics[2].id'],
    ['a subscriber of an unknown topic', (c) => (c.subscribers![0]!.topics = ['nope']), 'subscribers[0].topics[0]'],
    ['an email subscriber without an address', (c) => delete c.subscribers![0]!.email, 'subscribers[0].email'],
    ['a sender that is not an address', (c) => (c.email.from = 'alerts'), 'email.from'],
    ['a missing public URL', (c) => delete (c as Partial<AppConfigInput>).publicBaseUrl, 'publicBaseUrl'],
    ['a topic id with spaces', (c) => (c.topics[0]!.id = 'my topic'), 'topics[0].id'],
    ['a sender name with a line break (header injection)', (c) => (c.email.fromName = 'newshound\r\nBcc: victim@example.org'), 'email.fromName'],
    ['a sender name with a bare LF', (c) => (c.email.fromName = 'news\nhound'), 'email.fromName'],
    ['an empty sender name', (c) => (c.email.fromName = ''), 'email.fromName'],
    ['a topic name with a line break (it names the List-Id)', (c) => (c.topics[0]!.name = 'CSTO\r\nBcc: victim@example.org'), 'topics[0].name'],
    ['a language that is not a language tag', (c) => (c.email.language = 'en"><script>'), 'email.language'],
    ['a Telegram link base that is not http(s)', (c) => (c.subscriptions = { telegramLinkBase: 'javascript:alert(1)' }), 'subscriptions.telegramLinkBase'],
    ['a bot username with "@"', (c) => (c.subscriptions = { telegramBotUsername: '@newshound_bot' }), 'subscriptions.telegramBotUsername'],
  ])('rejects %s, naming the key', (_name, breakIt, key) => {
    const input = valid();
    breakIt(input);
    let error: unknown;
    try {
      parseAppConfig(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe(key);
    expect((error as Error).message).toContain(`Invalid config at ${key}`);
  });

  it('takes a display name with quotes, commas and Cyrillic, and a language tag', () => {
    const input = valid();
    input.email = { ...input.email, fromName: 'Дежурный "ОДКБ", newshound', language: 'ru-RU' };
    expect(parseAppConfig(input).email).toMatchObject({ fromName: 'Дежурный "ОДКБ", newshound', language: 'ru-RU' });
  });
});
