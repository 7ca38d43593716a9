// The page's module in two (scripts/split-hook.mjs): the first screen runs only the functions scripts/first-screen.txt
// names; the rest of the page is a second module (tokenscope-web-HASH_split.wasm) that the bindings load on the
// visitor's first sign of use, beside the page when the address holds a share link, or at the first call of one of
// its functions. These tests check the built files and each way the second module arrives, in headless Chromium.
//
// When "the first screen loads only the page module" fails after a change to what the first screen shows, run
// `node scripts/first-screen-profile.mjs` and commit scripts/first-screen.txt.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, startDist } from './server.mjs';
import { launchBrowser, openPage } from './browser.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const SECOND = /^tokenscope-web-[0-9a-f]{16}_split\.wasm$/;
const name = (url) => new URL(url).pathname.split('/').pop();
const secondRequests = (b) => b.requests.filter((u) => SECOND.test(name(u)));
const exampleToken = () => readFileSync(join(ROOT, 'tests/fixtures/example/token.jwt'), 'utf8').trim();
const firstLink = () => {
  const row = readFileSync(join(ROOT, 'tests/fixtures/links/build-2026-12-02-fc4bc32.tsv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('other-namespace\tfull\t'));
  return row.split('\t')[5];
};

/** Sets the token box's value and dispatches `input` from script: no trusted event, so no sign of use. */
async function pasteFromScript(page, token) {
  await page.evaluate((t) => {
    const ta = document.querySelector('[data-testid="token-input"]');
    ta.value = t;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, token);
}

async function open(t, hash = '', options = {}) {
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(server.url + hash, options);
  t.after(() => b.close());
  return b;
}

/** A served page and a fresh browser page not yet navigated (for routes that must be in place before it loads). */
async function unopened(t) {
  const server = await startDist();
  t.after(() => server.close());
  const br = await launchBrowser();
  t.after(() => br.close());
  const page = await br.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { server, context: br.context, page, errors };
}

/** Delays every response whose URL matches `re` by `ms` (a slow network for that file only). */
const delay = (re, ms) => async (context) =>
  context.route(re, (route) => setTimeout(() => route.continue().catch(() => {}), ms));

test('the build splits the page module: the bindings name the second module, index.html does not', () => {
  const files = readdirSync(DIST);
  const second = files.filter((f) => SECOND.test(f));
  assert.equal(second.length, 1, `one second module in ${DIST} (is Debian's binaryen installed? scripts/setup app): ${files.join(', ')}`);
  const bindings = files.filter((f) => /^tokenscope-web-[0-9a-f]{16}\.js$/.test(f));
  assert.equal(bindings.length, 1);
  assert.ok(readFileSync(join(DIST, bindings[0]), 'utf8').includes(JSON.stringify(second[0])), 'the bindings load the second module by name');
  assert.ok(!readFileSync(join(DIST, 'index.html'), 'utf8').includes(second[0]), 'index.html never names the second module');
  const page = files.find((f) => /^tokenscope-web-[0-9a-f]{16}_bg\.wasm$/.test(f));
  assert.ok(readFileSync(join(DIST, page)).includes('placeholder'), 'the page module imports the placeholders of the moved functions');
});

for (const [width, height] of [[1280, 900], [375, 812]]) {
  test(`the first screen loads only the page module (${width} px)`, async (t) => {
    const b = await open(t, '', { viewport: { width, height } });
    await b.page.waitForSelector('[data-testid="token-input"]');
    await b.page.waitForSelector('[data-testid="example-button"]');
    await b.page.waitForTimeout(800);
    assert.deepEqual(secondRequests(b), [], 'the first screen, untouched, must not load the second module: if a change made it run '
      + 'new functions, run `node scripts/first-screen-profile.mjs` and commit scripts/first-screen.txt');
    const bytes = b.requests.map((u) => gzipSync(readFileSync(join(DIST, name(u) || 'index.html')), { level: 9 }).length);
    t.diagnostic(`first screen: ${b.requests.length} files, ${(bytes.reduce((a, x) => a + x, 0) / 1000).toFixed(1)} KB gzip -9`);
    assert.deepEqual(b.pageErrors, []);
  });
}

test('the first sign of use loads the second module once, before it is needed', async (t) => {
  const b = await open(t);
  const { page } = b;
  await page.waitForSelector('[data-testid="example-button"]');
  await page.mouse.move(300, 300);
  await page.mouse.move(320, 310, { steps: 3 });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /_split\.wasm$/.test(e.name) && e.responseEnd > 0));
  await page.waitForTimeout(200); // compiled and instantiated after the response
  await page.click('[data-testid="example-button"]');
  await page.waitForSelector('[data-testid="sts-verdict"][data-outcome="success"]', { timeout: 30_000 });
  assert.equal(secondRequests(b).length, 1, 'one request for the second module');
  assert.deepEqual(b.pageErrors, []);
});

test('a click that comes while the second module is on its way waits for it: one download, then the verdict', async (t) => {
  const b = await open(t);
  const { page } = b;
  await page.waitForSelector('[data-testid="example-button"]');
  // Playwright moves the pointer onto the button and clicks at once: the load starts and the click is held.
  await page.click('[data-testid="example-button"]');
  await page.waitForSelector('[data-testid="sts-verdict"][data-outcome="success"]', { timeout: 30_000 });
  assert.equal(secondRequests(b).length, 1, 'one request for the second module, no synchronous second one');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('split-loading')), false);
  assert.deepEqual(b.pageErrors, []);
});

test('typing into the token box before the second module arrives keeps every character', async (t) => {
  const b = await open(t);
  const { page } = b;
  await page.waitForSelector('[data-testid="token-input"]');
  const token = exampleToken();
  await page.locator('[data-testid="token-input"]').fill(token);
  await page.waitForSelector('[data-testid="claims-table"]', { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="token-input"]').inputValue(), token);
  assert.equal(secondRequests(b).length, 1);
  assert.deepEqual(b.pageErrors, []);
});

test('a link put in the address of an untouched page waits for the second module, then opens', async (t) => {
  const b = await open(t);
  const { page } = b;
  await page.waitForSelector('[data-testid="token-input"]');
  await page.waitForTimeout(300);
  await page.evaluate((hash) => { location.hash = hash; }, firstLink());
  await page.waitForSelector('[data-testid="sts-verdict"][data-outcome="failure"]', { timeout: 30_000 });
  assert.equal(secondRequests(b).length, 1);
  assert.deepEqual(b.pageErrors, []);
});

test('a paste with no sign of use before it still gets its verdict (the second module loads at the first call)', async (t) => {
  const b = await open(t);
  const { page } = b;
  await page.waitForSelector('[data-testid="token-input"]');
  await pasteFromScript(page, exampleToken());
  await page.waitForSelector('[data-testid="sts-verdict"][data-outcome]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="claims-table"]');
  assert.equal(secondRequests(b).length, 1, 'loaded once, at the first call');
  assert.deepEqual(b.pageErrors, []);
  assert.deepEqual(b.consoleErrors, []);
});

test('a share link loads the second module beside the page and opens with its verdict', async (t) => {
  const b = await open(t, `#${firstLink()}`);
  const { page } = b;
  await page.waitForSelector('[data-testid="sts-verdict"][data-outcome="failure"]', { timeout: 30_000 });
  assert.equal(secondRequests(b).length, 1);
  const order = b.requests.map(name);
  assert.ok(order.findIndex((f) => SECOND.test(f)) < order.findIndex((f) => f.startsWith('tokenscope-crypto')), 'fetched with the page, not at the first call');
  assert.deepEqual(b.pageErrors, []);
});

test('when the second module cannot load, the page says so once, holds what the visitor does, and "Try again" recovers', async (t) => {
  const b = await open(t);
  const { page } = b;
  await page.waitForSelector('[data-testid="token-input"]');
  const fail = (route) => route.fulfill({ status: 503, body: 'unavailable' });
  await page.context().route(/_split\.wasm$/, fail);
  const token = exampleToken();
  await page.locator('[data-testid="token-input"]').fill(token);
  const alert = page.locator('.split-failed[role=alert]');
  await alert.waitFor({ timeout: 10_000 });
  assert.match(await alert.innerText(), /could not be loaded \(HTTP 503\)\. Check the connection, then try again\./);
  await page.click('[data-testid="example-button"]');
  await page.waitForTimeout(300);
  assert.equal(await alert.count(), 1, 'one message, however many actions wait');
  assert.deepEqual(b.pageErrors, [], 'nothing reached the missing module');
  await page.context().unroute(/_split\.wasm$/, fail);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.waitForSelector('[data-testid="sts-verdict"][data-outcome="success"]', { timeout: 30_000 });
  assert.equal(await alert.count(), 0, 'the message goes once the module is there');
  assert.deepEqual(b.pageErrors, []);
});

test('actions held in a row take effect in order: a paste and then "Make link" make the link of the pasted token', async (t) => {
  const b = await open(t);
  const { page } = b;
  await page.waitForSelector('[data-testid="token-input"]');
  await delay(/_split\.wasm$/, 1500)(page.context());
  await page.focus('[data-testid="token-input"]');
  await page.keyboard.insertText(exampleToken());
  await page.click('[data-testid="share-button"]');
  await page.waitForSelector('[data-testid="split-busy"], #split-busy');
  await page.waitForFunction(() => document.querySelector('[data-testid="share-url"]')?.value?.includes('#'), null, { timeout: 30_000 });
  assert.equal(await page.locator('#split-busy').count(), 0, 'the busy note goes once the module is there');
  assert.deepEqual(b.pageErrors, []);
});

test('the rest of the page arriving before the page itself starts is linked when it starts', async (t) => {
  const { server, context, page, errors } = await unopened(t);
  await delay(/tokenscope-web-[0-9a-f]{16}_bg\.wasm$/, 1500)(context);
  await page.goto(server.url, { waitUntil: 'commit' });
  await page.waitForFunction(() => typeof document.body !== 'undefined' && document.body !== null);
  await page.mouse.move(50, 50);
  await page.mouse.move(80, 90, { steps: 3 });
  await page.waitForSelector('[data-testid="example-button"]', { timeout: 30_000 });
  await page.click('[data-testid="example-button"]');
  await page.waitForSelector('[data-testid="sts-verdict"][data-outcome="success"]', { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('split-loading')), false);
  assert.deepEqual(errors, []);
});

test('a share link whose second module cannot load says so, offers Try again, and then opens', async (t) => {
  const { server, context, page, errors } = await unopened(t);
  const fail = (route) => route.fulfill({ status: 503, body: 'unavailable' });
  await context.route(/_split\.wasm$/, fail);
  await page.goto(`${server.url}#${firstLink()}`);
  const alert = page.locator('.split-failed[role=alert]');
  await alert.waitFor({ timeout: 10_000 });
  assert.match(await alert.innerText(), /HTTP 503/);
  assert.match(await page.locator('.split-wait').innerText(), /Opening the shared link/);
  await context.unroute(/_split\.wasm$/, fail);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.waitForSelector('[data-testid="sts-verdict"][data-outcome="failure"]', { timeout: 30_000 });
  assert.equal(await page.locator('.split-wait').count(), 0);
  assert.deepEqual(errors, []);
});
