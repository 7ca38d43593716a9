// The gallery of failures through the page (dist/, from `trunk build --release`): gallery.json is requested only when
// the gallery is opened (once), nothing goes off the origin, and one click on each entry shows the verdict the
// generator (tests/fixtures/gallery/generate.py) expects: outcome, AWS error code, HTTP status and the failure's title
// from the catalogue; the note names the entry, Undo takes it back, and each entry's link carries its state.
// Screenshots of the open gallery at 1280 and 375 px go to tests/browser/artifacts/.
//
// Run: node --test tests/browser/gallery.test.mjs (after trunk build). TOKENSCOPE_DIST=DIR serves DIR instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const GALLERY = JSON.parse(readFileSync(join(ROOT, 'static', 'gallery.json'), 'utf8'));
const VERDICT = '[data-testid=sts-verdict]';
const isGalleryFile = (u) => new URL(u).pathname.endsWith('/gallery.json');

async function openGallery(page) {
  if ((await page.getAttribute('[data-testid=gallery-button]', 'aria-expanded')) !== 'true') {
    await page.click('[data-testid=gallery-button]');
  }
  await page.waitForSelector('[data-testid=gallery] [data-testid=gallery-entry]');
}

/** Loads entry `e` from the gallery and waits for its verdict; returns the verdict's text. */
async function load(page, e) {
  await openGallery(page);
  await page.click(`[data-testid=gallery-entry][data-id="${e.id}"]`);
  await page.waitForSelector(`[data-testid=gallery-note][data-id="${e.id}"]`);
  const code = e.code ?? '';
  await page.waitForSelector(`${VERDICT}[data-outcome="${e.outcome}"][data-error-code="${code}"]`, { timeout: 15_000 });
  if (e.id !== 'example') {
    // The failure's title, for this entry's failure (several entries share a code).
    const mode = `${VERDICT} [data-testid=sts-failure-mode][data-mode="${e.id}"]`;
    await page.waitForSelector(mode, { timeout: 15_000 });
    assert.match(await page.textContent(mode), new RegExp(e.title.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')), e.id);
  }
  if (e.http_status !== null) {
    assert.equal((await page.textContent('[data-testid=sts-http-status]')).trim(), String(e.http_status), e.id);
  }
  return page.textContent(VERDICT);
}

test('gallery of failures', { timeout: 300_000 }, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(server.url);
  t.after(() => b.close());
  const { page } = b;
  await page.waitForSelector('[data-testid=gallery-button]');

  await t.test('the file is not requested before the gallery is opened', async () => {
    await page.waitForTimeout(500);
    assert.deepEqual(b.requests.filter(isGalleryFile), []);
  });

  await t.test('opening it requests the page’s own gallery.json, once', async () => {
    await openGallery(page);
    const asked = b.requests.filter(isGalleryFile);
    assert.equal(asked.length, 1, asked.join(', '));
    assert.equal(new URL(asked[0]).origin, b.origin);
    const ids = await page.$$eval('[data-testid=gallery-entry]', (els) => els.map((e) => e.dataset.id));
    assert.deepEqual(ids, GALLERY.entries.map((e) => e.id));
    // All of them in view of the page's own scrolling (no inner scroll box hiding most of the list), and counted.
    const list = await page.$eval('.gallery-list', (el) => [el.scrollHeight, el.clientHeight]);
    assert.ok(list[0] <= list[1] + 1, `the list is not clipped: ${list}`);
    assert.match(await page.textContent('[data-testid=gallery]'), new RegExp(`${GALLERY.entries.length} failures, each a complete diagnosis`));
    // The failure with no entry is named with its reason.
    assert.match(await page.textContent('[data-testid=gallery]'), /Not in the gallery: The workload never got a token/);
    // It points to the page's own tool, not to a CLI command.
    assert.match(await page.textContent('[data-testid=gallery]'), /"Paste an error" tool \(under Tools\)/);
    assert.doesNotMatch(await page.textContent('[data-testid=gallery]'), /tokenscope diagnose-error/);
    await page.locator('.panel-token').screenshot({ path: join(ARTIFACTS, 'gallery-1280.png') });
  });

  await t.test('every entry shows its expected verdict', async () => {
    const seen = [];
    for (const e of GALLERY.entries) {
      const text = await load(page, e);
      if (e.outcome === 'failure') assert.match(text, new RegExp(`STS would refuse the call: ${e.code}`), e.id);
      if (e.outcome === 'success') assert.match(text, /STS would return credentials/, e.id);
      if (e.outcome === 'undetermined') assert.match(text, /Undetermined/, e.id);
      seen.push(e.id);
    }
    assert.equal(seen.length, GALLERY.entries.length);
    console.log(`${seen.length} gallery entries checked in the page`);
    assert.equal(b.requests.filter(isGalleryFile).length, 1, 'the file is read once');
  });

  await t.test('Undo takes an entry back; each entry’s link carries its state', async () => {
    const [example, expired] = [GALLERY.entries[0], GALLERY.entries.find((e) => e.id === 'token-expired')];
    await load(page, example);
    await load(page, expired);
    await page.waitForSelector('[data-testid=undo-bar][data-undo=gallery]');
    await page.click('[data-testid=undo]');
    await page.waitForSelector(`[data-testid=gallery-note][data-id=example]`);
    await page.waitForSelector(`${VERDICT}[data-outcome=success]`);
    await openGallery(page);
    const href = await page.getAttribute(`[data-testid=gallery-entry][data-id=token-expired] ~ [data-testid=gallery-link]`, 'href');
    assert.ok(href.startsWith('#v1.'), href.slice(0, 20));
    const state = JSON.parse(inflateRawSync(Buffer.from(href.slice(4), 'base64url')).toString('utf8'));
    assert.deepEqual(state, expired.state);
  });

  await t.test('nothing off the origin, no errors', async () => {
    assert.deepEqual(b.foreignRequests(), []);
    assert.deepEqual(b.pageErrors, []);
    assert.deepEqual(b.consoleErrors.filter((m) => !/favicon\.ico/.test(m)), []);
  });

  await t.test('at 375 px', async () => {
    const phone = await openPage(server.url, { viewport: { width: 375, height: 667 } });
    t.after(() => phone.close());
    await phone.page.waitForSelector('[data-testid=gallery-button]');
    await openGallery(phone.page);
    await phone.page.locator('.panel-token').screenshot({ path: join(ARTIFACTS, 'gallery-375.png') });
    const subject = GALLERY.entries.find((e) => e.id === 'subject-mismatch');
    await load(phone.page, subject);
    // Loading an entry puts the verdict (above the token box) in view.
    assert.equal(await phone.page.evaluate(() => document.activeElement?.id), 'verdict');
    await phone.page.screenshot({ path: join(ARTIFACTS, 'gallery-375-entry.png') });
    assert.deepEqual(phone.foreignRequests(), []);
  });
});
