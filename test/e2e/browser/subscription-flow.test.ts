/**
 * A person in headless Chromium (Debian's chromium, driven by playwright-core), with JavaScript OFF and a
 * phone-sized viewport, against the local runtime (the subscriptions function behind the HTTP API routes): subscribes, confirms from the email found in local SES, changes preferences, unsubscribes.
 * A screenshot of the subscribe page is kept at test/.tmp/subscribe-phone.png for people to look at.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/headless-chromium.js';
import { startTestSystem, type TestSystem } from '../support/local-system.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shots = path.join(root, 'test/.tmp');

let stack: TestSystem;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestSystem();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('subscription pages in a browser', () => {
  it('subscribe → confirm from the email → preferences → unsubscribe, without JavaScript, on a phone', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const email = `browser-${Date.now()}@example.org`;

    await page.goto(`${stack.url}/subscribe`);
    expect(await page.title()).toBe('Get news alerts by email – newshound');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'subscribe-phone.png'), fullPage: true });
    // Fits the phone: nothing wider than the viewport.
    // (Expressions as strings: the project compiles without the DOM library.)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    // Keyboard focus is visible (keyboard users see where they are).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focus = await page.evaluate<{ id: string; outline: string; width: string }>(
      '(() => { const el = document.activeElement; const s = getComputedStyle(el); return { id: el.id, outline: s.outlineStyle, width: s.outlineWidth }; })()',
    );
    expect(focus).toEqual({ id: 'email', outline: 'solid', width: '3px' });

    // A mistake first: the form comes back with the error tied to the field.
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter your email address.');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('CSTO').check();
    await page.getByLabel('Daily digest', { exact: true }).check();
    await page.getByLabel('Daily digest time').fill('07:15');
    await page.getByLabel('Time zone').selectOption('Asia/Yerevan');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    const [pending] = await stack.context.stores.subscribers.findByEmail(email);
    expect(pending?.status).toBe('pending');
    const id = pending!.id;

    const [mail] = await stack.emailsTo(email);
    expect(mail?.subject).toBe('Confirm your newshound alerts');
    const confirmLink = /https?:\/\/\S+\/confirm\?token=\S+/.exec(mail!.body.text!)![0];
    await page.goto(confirmLink);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your alerts');
    expect(await page.textContent('main')).toContain('in a daily digest at 07:15 (Asia/Yerevan)');
    await page.getByRole('button', { name: 'Confirm my alerts' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are subscribed');
    expect((await stack.context.stores.subscribers.get(id))?.status).toBe('active');

    await page.getByRole('link', { name: 'Change your preferences' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your preferences');
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Asia/Yerevan');
    await page.getByLabel('Nagorno-Karabakh').check();
    await page.getByLabel('CSTO').uncheck();
    await page.getByLabel('Instantly').check();
    await page.getByLabel('From').fill('22:30');
    await page.getByLabel('Until').fill('07:00');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Saved.');
    expect(await stack.context.stores.subscribers.get(id)).toMatchObject({ topics: ['nagorno-karabakh'], mode: 'instant', quietHours: { start: '22:30', end: '07:00' }, timeZone: 'Asia/Yerevan', status: 'active' });

    await page.getByRole('link', { name: 'Unsubscribe from all alerts' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Unsubscribe from newshound?');
    expect((await stack.context.stores.subscribers.get(id))?.status).toBe('active');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are unsubscribed');
    expect((await stack.context.stores.subscribers.get(id))?.status).toBe('unsubscribed');

    await context.close();
  });
});
