/**
 * axe-core over every local page a person sees, in headless Chromium (Debian's chromium, driven by playwright-core)
 * at a desktop and a phone viewport, against the local runtime: the status page, the subscription pages reached by
 * their real links (from the local SES inbox) and forms, the feeds index, the Telegram stand-in's pages, the webhook
 * inbox and a 404. Each page must have no serious or critical violations of WCAG 2.1 A/AA and keep its content in
 * landmarks (PAGES below lists what is known and still being fixed); the table of violations by impact
 * (page × viewport), with axe's best-practice findings beside them, is printed and kept at test/.tmp/axe-report.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../../infra/local/cycle.js';
import { launchChromium } from '../support/headless-chromium.js';
import { startTestSystem, type TestSystem } from '../support/local-system.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const reportFile = path.join(root, 'test/.tmp/axe-report.json');
const require = createRequire(import.meta.url);
const axeScript = require.resolve('axe-core');
const axeVersion = (require('axe-core/package.json') as { version: string }).version;

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Impacts of WCAG violations a page may not have. */
const FAILING = ['serious', 'critical'] as const;
/** axe best-practice rules a page may not break either: every page has one main landmark, all content in landmarks, an h1. */
const REQUIRED_PRACTICES = ['landmark-one-main', 'region', 'page-has-heading-one'];
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
type Impact = (typeof IMPACTS)[number];

const VIEWPORTS: Record<string, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

interface Visit {
  page: Page;
  stack: TestSystem;
  /** A fresh address for this visit's subscriber. */
  email: string;
}

/** Opens the subscribe page, subscribes `email` to CSTO and returns the confirm link from the local SES inbox. */
async function subscribeAndGetConfirmLink({ page, stack, email }: Visit): Promise<string> {
  await page.goto(`${stack.url}/subscribe`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('group', { name: 'Topics', exact: true }).getByLabel('CSTO').check();
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect.poll(async () => (await stack.emailsTo(email)).length).toBeGreaterThan(0);
  const [mail] = await stack.emailsTo(email);
  return /https?:\/\/\S+\/confirm\?token=\S+/.exec(mail!.body.text!)![0];
}

async function confirmed(visit: Visit): Promise<void> {
  await visit.page.goto(await subscribeAndGetConfirmLink(visit));
  await visit.page.getByRole('button', { name: 'Confirm my alerts' }).click();
}

/** Opens a URL directly, as a person typing it or following a link from another site does. */
function direct(url: (stack: TestSystem) => string, status = 200): (visit: Visit) => Promise<void> {
  return async ({ page, stack }) => expect((await page.goto(url(stack)))?.status()).toBe(status);
}

async function heading(page: Page, text: string): Promise<void> {
  expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toBe(text);
}

/**
 * The pages and how a person reaches each. Every page must be free of serious and critical WCAG violations and of the
 * REQUIRED_PRACTICES, but for the rules in its `known` list: violations known and being fixed. The test fails when a
 * known one no longer occurs, so that the list is emptied as the page is fixed.
 */
const PAGES: { name: string; known?: string[]; open: (visit: Visit) => Promise<void> }[] = [
  { name: 'status', open: direct((s) => `${s.url}/`) },
  { name: 'subscribe', open: direct((s) => `${s.url}/subscribe`) },
  {
    name: 'subscribe, with an error',
    open: async ({ page, stack }) => {
      await page.goto(`${stack.url}/subscribe`);
      await page.getByRole('button', { name: 'Subscribe' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Enter your email address.');
    },
  },
  {
    name: 'check your email',
    open: async (visit) => {
      await subscribeAndGetConfirmLink(visit);
      await heading(visit.page, 'Check your email');
    },
  },
  {
    name: 'confirm (from the email)',
    open: async (visit) => {
      await visit.page.goto(await subscribeAndGetConfirmLink(visit));
      await heading(visit.page, 'Confirm your alerts');
    },
  },
  {
    name: 'you are subscribed',
    open: async (visit) => {
      await confirmed(visit);
      await heading(visit.page, 'You are subscribed');
    },
  },
  {
    name: 'preferences',
    open: async (visit) => {
      await confirmed(visit);
      await visit.page.getByRole('link', { name: 'Change your preferences' }).click();
      await heading(visit.page, 'Your preferences');
    },
  },
  {
    name: 'preferences, saved',
    open: async (visit) => {
      await confirmed(visit);
      await visit.page.getByRole('link', { name: 'Change your preferences' }).click();
      await visit.page.getByRole('button', { name: 'Save preferences' }).click();
      expect(await visit.page.getByRole('status').textContent()).toContain('Saved.');
    },
  },
  {
    name: 'unsubscribe',
    open: async (visit) => {
      await confirmed(visit);
      await visit.page.getByRole('link', { name: 'Change your preferences' }).click();
      await visit.page.getByRole('link', { name: 'Unsubscribe from all alerts' }).click();
      await heading(visit.page, 'Unsubscribe from newshound?');
    },
  },
  {
    name: 'you are unsubscribed',
    open: async (visit) => {
      await confirmed(visit);
      await visit.page.getByRole('link', { name: 'Change your preferences' }).click();
      await visit.page.getByRole('link', { name: 'Unsubscribe from all alerts' }).click();
      await visit.page.getByRole('button', { name: 'Unsubscribe' }).click();
      await heading(visit.page, 'You are unsubscribed');
    },
  },
  {
    name: 'confirm, link no longer valid',
    open: direct((s) => `${s.url}/confirm?token=not-a-token`, 400),
  },
  { name: 'feeds index', open: direct((s) => `${s.url}/feeds/`) },
  { name: 'webhook inbox', open: direct((s) => `${s.url}/webhooks/inbox`) },
  { name: 'telegram stand-in: messages', open: direct((s) => `${s.context.urls.telegram}/`) },
  { name: 'telegram stand-in: chat', open: direct((s) => `${s.context.urls.telegram}/chat`) },
  { name: '404', open: direct((s) => `${s.url}/no-such-page`, 404) },
];

interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  tags: string[];
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page; the violations with their impact. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axeScript });
  // A string: the project compiles without the DOM library, so `window.axe` has no type here.
  return page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify([...TAGS, 'best-practice'])} }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, tags: v.tags, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
}

interface Row {
  page: string;
  viewport: string;
  /** WCAG 2.1 A/AA violations by impact. */
  counts: Record<Impact, number>;
  violations: Finding[];
  /** axe's best-practice rules (landmarks, heading order…); only REQUIRED_PRACTICES are asserted. */
  bestPractice: Finding[];
}

interface Finding {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: number;
  targets: string[];
}

const finding = (v: AxeViolation): Finding => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) });

let stack: TestSystem;
let browser: Browser;
const rows: Row[] = [];

beforeAll(async () => {
  stack = await startTestSystem();
  // A cycle publishes the feeds and their index page.
  await runCycle(stack);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (rows.length === 0) return;
  mkdirSync(path.dirname(reportFile), { recursive: true });
  writeFileSync(reportFile, `${JSON.stringify({ axe: axeVersion, tags: TAGS, rows }, null, 2)}\n`);
  console.log(`axe-core ${axeVersion}, WCAG 2.1 A/AA (${path.relative(root, reportFile)}):\n${table(rows)}`);
});

function table(all: Row[]): string {
  const header = ['page', 'viewport', ...IMPACTS, 'WCAG rules', 'best-practice rules'];
  const rules = (list: Finding[]) => list.map((v) => `${v.id} (${v.impact})`).join(', ') || '—';
  const lines = all.map((r) => [r.page, r.viewport, ...IMPACTS.map((i) => String(r.counts[i])), rules(r.violations), rules(r.bestPractice)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}

describe('accessibility of the local pages (axe-core, WCAG 2.1 A/AA)', () => {
  for (const [viewport, options] of Object.entries(VIEWPORTS)) {
    for (const entry of PAGES) {
      it(`${entry.name} on ${viewport}`, { timeout: 60_000 }, async () => {
        // The subscription pages' CSP allows no script; axe is the test's, not the page's.
        const context = await browser.newContext({ ...options, bypassCSP: true });
        try {
          const page = await context.newPage();
          const email = `axe-${rows.length}-${Date.now()}@example.org`;
          await entry.open({ page, stack, email });
          const all = await axeViolations(page);
          const violations = all.filter((v) => v.tags.some((t) => TAGS.includes(t)));
          const counts = Object.fromEntries(IMPACTS.map((i) => [i, violations.filter((v) => v.impact === i).length])) as Record<Impact, number>;
          rows.push({ page: entry.name, viewport, counts, violations: violations.map(finding), bestPractice: all.filter((v) => !violations.includes(v)).map(finding) });

          const failing = all.filter((v) => (violations.includes(v) && (FAILING as readonly (string | null)[]).includes(v.impact)) || REQUIRED_PRACTICES.includes(v.id));
          const known = entry.known ?? [];
          expect(failing.filter((v) => !known.includes(v.id)).map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
          expect(known.filter((id) => !failing.some((v) => v.id === id)), 'known violations that no longer occur: remove them from the page\'s known list').toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }
});
