/**
 * The local admin pages in headless Chromium (Debian's chromium, driven by playwright-core), JavaScript off: the
 * status page, the webhook inbox, the Telegram stand-in's page and the 404 page fit a 390 px phone without
 * sideways scrolling and carry the page landmarks. Screenshots are kept in test/.tmp/ for people to look at.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../../infra/local/cycle.js';
import { launchChromium } from '../support/headless-chromium.js';
import { startTestSystem, type TestSystem } from '../support/local-system.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shots = path.join(root, 'test/.tmp');

let stack: TestSystem;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestSystem();
  // Polls the sample feeds and delivers, so the pages show feed health, matches and messages.
  await runCycle(stack);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const landmarks = (page: Page) =>
  page.evaluate<string[]>("['header','nav','main','footer'].filter((tag) => document.querySelectorAll(tag).length === 1)");

describe('local pages in a browser', () => {
  it('fit a 390 px phone without sideways scrolling, with header, nav, main and footer', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    mkdirSync(shots, { recursive: true });
    const pages = [
      { name: 'status', url: `${stack.url}/`, heading: 'Local status' },
      { name: 'webhooks', url: `${stack.url}/webhooks/inbox`, heading: 'Webhook deliveries received' },
      { name: 'telegram', url: stack.context.urls.telegram, heading: 'Telegram Bot API stand-in' },
      { name: 'not-found', url: `${stack.url}/no/such/page`, heading: 'Page not found' },
    ];
    for (const p of pages) {
      const response = await page.goto(p.url);
      expect(response?.status(), p.name).toBe(p.name === 'not-found' ? 404 : 200);
      await page.screenshot({ path: path.join(shots, `local-${p.name}-phone.png`), fullPage: true });
      // (Expressions as strings: the project compiles without the DOM library.)
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), p.name).toBeLessThanOrEqual(390);
      expect(await landmarks(page), p.name).toEqual(['header', 'nav', 'main', 'footer']);
      expect(await page.getByRole('heading', { level: 1 }).textContent(), p.name).toBe(p.heading);
    }
    // The status page shows the charts and human times the admin reads.
    await page.goto(`${stack.url}/`);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    expect(await page.locator('time[datetime]').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('shows the status page as a table on a desktop', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.url}/`);
    await page.screenshot({ path: path.join(shots, 'local-status-desktop.png'), fullPage: true });
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('table.stack tr')).display")).toBe('table-row');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await context.close();
  });
});
