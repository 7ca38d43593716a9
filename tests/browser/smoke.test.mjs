// Smoke test of the built page (dist/, from `trunk build --release`) in headless Chromium:
// load it, run the example token, expect a valid signature, no errors, and no request off the page's own origin.
//
// Run: node --test tests/browser/   (scripts/test does this after trunk build). TOKENSCOPE_DIST=DIR serves DIR instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, startDist } from './server.mjs';
import { openPage } from './browser.mjs';


// Chromium asks for /favicon.ico on its own; a 404 for it is not the page's fault.
const isFaviconNoise = (msg) => /\/favicon\.ico\b/.test(msg);

/** The built page served and opened in a fresh browser, both closed when test `t` ends. */
async function served(t, serve = {}) {
  const server = await startDist(serve);
  t.after(() => server.close());
  const b = await openPage(server.url);
  t.after(() => b.close());
  return b;
}

test('example token: loads, verifies, and stays on its own origin', { timeout: 90_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;

  try {
    assert.match(await page.title(), /^TokenScope\b/);
    // The signature module (a worker with the crypto crates) is not part of the first load.
    await page.waitForSelector('[data-testid=example-button]');
    const crypto = () => b.requests.filter((u) => /tokenscope-crypto/.test(u));
    assert.deepEqual(crypto(), [], 'the signature module must not load before a signature is checked');

    await page.click('[data-testid=example-button]');
    await page.waitForSelector('[data-testid=signature-status][data-status=valid]', { timeout: 10_000 });
    assert.ok(
      crypto().some((u) => u.endsWith('/tokenscope-crypto_loader.js')),
      `the signature module is started when the example's signature is checked: ${JSON.stringify(b.requests)}`,
    );

    assert.deepEqual(b.foreignRequests(), [], `requests off the page's origin ${b.origin}`);
    assert.deepEqual(b.pageErrors, [], 'uncaught errors on the page');
    assert.deepEqual(b.consoleErrors.filter((m) => !isFaviconNoise(m)), [], 'console errors on the page');
    assert.ok(b.requests.some((u) => u.endsWith('.wasm')), 'the page should load its .wasm module');
    // The icon is inline: the browser asks for no /favicon.ico.
    assert.deepEqual(b.requests.filter(isFaviconNoise), [], 'a request for /favicon.ico');
    assert.match(await page.getAttribute('link[rel=icon]', 'href'), /^data:image\/svg\+xml,/);

    await page.screenshot({ path: join(ARTIFACTS, 'example-valid.png'), fullPage: true });
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'smoke-failure.png'), fullPage: true }).catch(() => {});
    t.diagnostic(`requests: ${JSON.stringify(b.requests)}`);
    t.diagnostic(`failed requests: ${JSON.stringify(b.failedRequests)}`);
    t.diagnostic(`console errors: ${JSON.stringify(b.consoleErrors)}`);
    t.diagnostic(`page errors: ${JSON.stringify(b.pageErrors)}`);
    t.diagnostic(`screenshot: ${join(ARTIFACTS, 'smoke-failure.png')}`);
    throw err;
  }
});

test('undo after "Try an example": what was typed comes back', { timeout: 90_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await page.fill('[data-testid=token-input]', 'my-own.token.text');
  await page.fill('[data-testid=policy-input]', '{"Version":"2012-10-17","Statement":[]}');
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
  assert.equal(await page.getAttribute('[data-testid=undo-bar]', 'data-undo'), 'example');
  await page.click('[data-testid=undo]');
  assert.equal(await page.inputValue('[data-testid=token-input]'), 'my-own.token.text');
  assert.equal(await page.inputValue('[data-testid=policy-input]'), '{"Version":"2012-10-17","Statement":[]}');
  assert.equal(await page.locator('[data-testid=undo-bar]').count(), 0);
  assert.deepEqual(b.pageErrors, []);
});

test("copy buttons: the claims JSON and AWS's error message", { timeout: 90_000 }, async (t) => {
  const b = await served(t);
  const { page, context } = b;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: b.origin });
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
  // The raw JSON is folded under the claims table: one click opens it.
  assert.equal(await page.locator('[data-testid=json-details][open]').count(), 0);
  await page.click('[data-testid=json-details] summary');
  await page.click('button[aria-label="Copy the claims as JSON"]');
  await page.waitForFunction(() => [...document.querySelectorAll('.copy [role=status]')].some((s) => s.textContent === 'copied'));
  const claims = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(claims.sub, 'system:serviceaccount:payments:api');
  // A failing verdict: AWS's message, copied byte for byte.
  const policy = await page.inputValue('[data-testid=policy-input]');
  await page.fill('[data-testid=policy-input]', policy.replace(/system:serviceaccount:[^"]*/, 'system:serviceaccount:other:sa'));
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=failure]');
  await page.click(`button[aria-label="Copy AWS's error message"]`);
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).startsWith('Not authorized'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.textContent('[data-testid=sts-message]'));
  assert.deepEqual(b.pageErrors, []);
});

test('hosted with the headers of dist/_headers: the signature module runs under the page\'s policy', { timeout: 90_000 }, async (t) => {
  // The worker gets its own Content-Security-Policy from its response: the host's header. It must still load its
  // script and its .wasm, and answer.
  const b = await served(t, { hostHeaders: true });
  const { page } = b;
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('worker', (w) => w.on('console', (m) => violations.push(`worker: ${m.text()}`)));
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=signature-status][data-status=valid]', { timeout: 15_000 });
  assert.deepEqual(violations, [], 'messages from the policy or the worker');
  assert.deepEqual(b.pageErrors, []);
});

test('a signature module that cannot load: the verdict stays incomplete and says why, never a success', { timeout: 90_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await page.route('**/tokenscope-crypto_loader.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=signature-message]:has-text("could not be checked")', { timeout: 15_000 });
  assert.match(await page.textContent('[data-testid=signature-message]'), /signature module failed/);
  assert.equal(await page.getAttribute('[data-testid=signature-status]', 'data-status'), 'pending');
  assert.equal(await page.getAttribute('[data-testid=sts-verdict]', 'data-outcome'), 'incomplete');
  assert.ok(await page.isDisabled('[data-testid=share-button]'), 'no link records a verdict that never came');
  assert.deepEqual(b.pageErrors, []);
});

test('theme: follows the system, and the header choice overrides it either way', { timeout: 90_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const LIGHT = 'rgb(245, 246, 248)';
  const DARK = 'rgb(15, 18, 22)';

  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await page.inputValue('[data-testid=theme]'), 'system');
  assert.equal(await background(), DARK, 'system dark');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await background(), LIGHT, 'system light');

  await page.selectOption('[data-testid=theme]', 'dark');
  assert.equal(await background(), DARK, 'chosen dark over a light system');
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=signature-status][data-status=valid]');
  await page.screenshot({ path: join(ARTIFACTS, 'theme-dark.png'), fullPage: true });

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.selectOption('[data-testid=theme]', 'light');
  assert.equal(await background(), LIGHT, 'chosen light over a dark system');
  await page.selectOption('[data-testid=theme]', 'system');
  assert.equal(await background(), DARK, 'back to the system');
  assert.deepEqual(b.pageErrors, []);
});
