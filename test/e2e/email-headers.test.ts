import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../infra/local/cycle.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const FROM_NAME = 'Дежурный "ОДКБ", newshound';

/** The header block of a raw message, unfolded, as name → values. */
function headersOf(raw: string): Map<string, string[]> {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const out = new Map<string, string[]>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    out.set(name, [...(out.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return out;
}

describe('alert email headers, as the local SES receives the raw message', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let system: TestSystem;

  beforeAll(async () => {
    feeds = await startFeedServer({
      '/wire.xml': { body: rssFeed({ title: 'Wire', link: 'https://wire.example/', description: 'test', items: [{ title: 'CSTO ministers meet', link: 'https://wire.example/csto', id: 'w-1', published: new Date('2026-11-24T10:00:00Z'), description: 'Talks.' }] }) },
    });
    const stage = testStage({
      feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }],
      subscribers: [{ id: 'reader', email: 'reader@example.org', topics: ['csto'], channels: ['email'], mode: 'instant', timeZone: 'UTC' }],
    });
    system = await startTestSystem({ config: (urls) => ({ ...stage(urls), email: { from: 'alerts@newshound.test', fromName: FROM_NAME, language: 'ru' } }) });
  });

  afterAll(async () => {
    await system?.stop();
    await feeds?.close();
  });

  it('names the sender, marks the mail automatic, gives its list and keeps one-click unsubscribe; the HTML says its language', async () => {
    const summary = await runCycle(system);
    expect(summary).toMatchObject({ emailsSent: 1 });
    expectOnlyAllowedCalls(system); // the sender's address, not its name, is what the SES grant is checked against

    // The raw message the local SES accepted (the outbox keeps it byte for byte).
    const [file, ...more] = (await readdir(summary.outbox)).filter((f) => f.endsWith('.eml'));
    expect(more).toEqual([]);
    const raw = await readFile(path.join(summary.outbox, file!), 'utf8');
    const headers = headersOf(raw);
    const host = new URL(system.context.urls.app).hostname;
    expect(headers.get('from')).toEqual([expect.stringMatching(/^(=\?UTF-8\?[BQ]\?[^?\s]+\?=\s*)+ <alerts@newshound\.test>$/)]);
    expect(headers.get('auto-submitted')).toEqual(['auto-generated']);
    expect(headers.get('list-id')).toEqual([expect.stringMatching(new RegExp(`^(=\\?UTF-8\\?[BQ]\\?[^?\\s]+\\?=\\s*)+ <csto\\.local\\.${host.replace(/\./g, '\\.')}>$`))]);
    expect(headers.get('list-unsubscribe')).toEqual([expect.stringMatching(/^<http:\/\/[^>]+\/unsubscribe\?token=[^>]+>$/)]);
    expect(headers.get('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
    expect(raw).not.toMatch(/^Bcc:/im);

    // The same message as the local SES's own parser (mailparser) read it: the name whole, the HTML in Russian.
    const [stored] = await system.emailsTo('reader@example.org');
    expect(stored!.from).toBe('"Дежурный \\"ОДКБ\\", newshound" <alerts@newshound.test>');
    expect(stored!.body.html).toMatch(/<html lang="ru">/);
  });
});
