// Launches the system Chromium (Debian's /usr/bin/chromium) headless through playwright-core, never a downloaded
// browser, with a fresh temporary profile and the flags that keep it quiet on a closed network.
//
//   const b = await openPage(url);
//   b.page            the Playwright Page, already navigated to url
//   b.consoleErrors   console.error messages, with the URL they came from (strings)
//   b.pageErrors      uncaught exceptions / unhandled rejections (strings)
//   b.requests        every request URL the page made, in order
//   b.failedRequests  requests that failed ("url: reason")
//   b.requestLog      every request as {url, method, postData, headers}, in order
//   b.foreignRequests()  requests that did not go to the page's own origin (data:/blob: URLs are not requests)
//   b.unexpectedRequests()  requests to neither the page's origin nor one of `allowOrigins`
//   await b.close()   closes the browser and removes the profile
//
// By default requests to any other origin are recorded and then aborted, so a test never sends traffic off the
// page's own server even when the page misbehaves. `allowOrigins: ['http://127.0.0.1:PORT']` lets requests to
// those exact origins through (a mock issuer on loopback); everything else stays blocked.
// `initScripts: [fn | string]` run in every document before the page's own scripts (e.g. event listeners); they are
// injected by the browser, not by the page, so the page's Content-Security-Policy does not apply to them.

import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // we run as root
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const NOT_NETWORK = new Set(['data:', 'blob:', 'about:']);

/** The URLs in `requests` that are real network requests to an origin other than `origin`. */
export function foreignRequests(requests, origin) {
  return requests.filter((url) => {
    let u;
    try {
      u = new URL(url);
    } catch {
      return true;
    }
    return !NOT_NETWORK.has(u.protocol) && u.origin !== origin;
  });
}

/**
 * Launches Chromium with a fresh profile.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, userDataDir: string, close: () => Promise<void>}>}
 */
export async function launchBrowser({ viewport = { width: 1280, height: 900 }, timezoneId } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'tokenscope-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      ...(timezoneId ? { timezoneId } : {}),
      timeout: 60_000,
      serviceWorkers: 'block',
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    userDataDir,
    close: async () => {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url` in a fresh headless Chromium and records what the page does.
 * @param {string} url
 * @param {{blockForeign?: boolean, allowOrigins?: string[], initScripts?: (Function|string)[], timeout?: number,
 *          viewport?: {width: number, height: number}, timezoneId?: string}} [options]
 */
export async function openPage(
  url,
  { blockForeign = true, allowOrigins = [], initScripts = [], timeout = 15_000, viewport, timezoneId } = {},
) {
  const origin = new URL(url).origin;
  const allowed = allowOrigins.map((o) => new URL(o).origin);
  const unexpected = (urls) =>
    foreignRequests(urls, origin).filter((u) => {
      try {
        return !allowed.includes(new URL(u).origin);
      } catch {
        return true;
      }
    });
  const browser = await launchBrowser({ viewport, timezoneId });
  const { context } = browser;
  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];
  const requestLog = [];
  const failedRequests = [];

  try {
    context.setDefaultTimeout(timeout);
    context.on('request', (req) => {
      requests.push(req.url());
      requestLog.push({ url: req.url(), method: req.method(), postData: req.postData(), headers: req.headers() });
    });
    context.on('requestfailed', (req) => failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
    for (const script of initScripts) await context.addInitScript(script);
    if (blockForeign) {
      await context.route('**/*', (route) => {
        if (unexpected([route.request().url()]).length > 0) return route.abort('blockedbyclient');
        return route.continue();
      });
    }

    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location()?.url;
      consoleErrors.push(where ? `${msg.text()} (at ${where})` : msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));

    await page.goto(url, { waitUntil: 'load' });

    return {
      page,
      context,
      origin,
      consoleErrors,
      pageErrors,
      requests,
      requestLog,
      failedRequests,
      foreignRequests: () => foreignRequests(requests, origin),
      unexpectedRequests: () => unexpected(requests),
      close: browser.close,
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
