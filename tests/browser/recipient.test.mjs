// What the person who opens a share link is told first, for every share mode (dist/, from `trunk build --release`):
// a still-valid full token is a live credential (warning colour, its expiry, an offer to take the fragment out of
// the address bar); an expired one says it no longer works; a link without the signature says nobody can use it and
// that the recorded verdict cannot be re-checked; a masked link never shows a masked value; a policy-only link says
// what to paste next instead of claiming an evaluation. Screenshots of each at 1280 and 375 px, light and dark.
//
// Links are made here, independently of the page (v1. + base64url(raw DEFLATE(JSON))), except the masked one, which
// only the page's own masking can make: it is made by clicking Share.
//
// Run: node --test tests/browser/   (scripts/test does this after trunk build).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const EXAMPLE = join(ROOT, 'tests', 'fixtures', 'example');
const TOKEN = readFileSync(join(EXAMPLE, 'token.jwt'), 'utf8').trim();
const [HEADER, PAYLOAD] = TOKEN.split('.');
const POLICY = readFileSync(join(EXAMPLE, 'trust-policy.json'), 'utf8');
const JWKS = readFileSync(join(EXAMPLE, 'jwks.json'), 'utf8');
const AT = 1795168800; // 2026-11-20T10:00:00Z, iat + 1 h
const WHILE_VALID = new Date('2026-11-20T10:00:00Z');
const AFTER_EXP = new Date('2026-11-22T10:00:00Z'); // a day after exp (2026-11-21T09:00:00Z)
const BANNER = '[data-testid=link-banner]';
const VERDICT = '[data-testid=sts-verdict]';

/** A link holding `state`, made independently of the page. */
const encodeLink = (base, state) =>
  `${base}#v1.${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;

/** Opens `url` with the browser's clock fixed at `now`. */
async function openAt(url, now, opts = {}) {
  const b = await openPage(url, opts);
  await b.page.clock.setFixedTime(now);
  await b.page.reload({ waitUntil: 'load' });
  await b.page.waitForSelector(`${BANNER}[data-state=opened]`);
  return b;
}

/** Screenshots of the banner's state at 1280 and 375 px, light and dark. */
async function shots(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(ARTIFACTS, `recipient-${name}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('share-link recipients', { timeout: 240_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  const full = encodeLink(server.url, { t: TOKEN, k: JWKS, ko: 'example', p: POLICY, at: AT, m: 'full' });

  await t.test('a live full token: a warning, its expiry, and the fragment can go', async () => {
    const b = await openAt(full, WHILE_VALID);
    try {
      const p = b.page;
      assert.equal(await p.getAttribute(BANNER, 'data-exposure'), 'live');
      assert.match(await p.getAttribute(BANNER, 'class'), /banner-warn/);
      const text = await p.textContent('[data-testid=link-exposure]');
      assert.match(text, /live credential/);
      assert.equal(await p.textContent('[data-testid=link-exp]'), '2026-11-21 09:00:00 UTC');
      assert.match(text, /\(in 23 h\)/);
      assert.match(await p.textContent('[data-testid=link-carries]'), /the complete token, with its signature, the keys and discovery document used and the trust policy/);
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      await shots(p, 'live');
      const lengthBefore = await p.evaluate(() => history.length);
      await p.click('[data-testid=link-remove]');
      await p.waitForSelector('[data-testid=link-removed]');
      assert.equal(await p.evaluate(() => location.hash), '', 'the fragment is gone from the address bar');
      assert.equal(await p.evaluate(() => history.length), lengthBefore, 'replaced, not a new history entry');
      // The diagnosis stays on the page.
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      assert.equal(await p.inputValue('[data-testid=token-input]'), TOKEN);
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  });

  await t.test('an expired full token: says it no longer works, no warning', async () => {
    const b = await openAt(full, AFTER_EXP);
    try {
      const p = b.page;
      assert.equal(await p.getAttribute(BANNER, 'data-exposure'), 'expired');
      assert.match(await p.getAttribute(BANNER, 'class'), /banner-info/);
      assert.match(
        await p.textContent('[data-testid=link-exposure]'),
        /expired at 2026-11-21 09:00:00 UTC \(1 day 1 h ago\): STS refuses it now/,
      );
      assert.equal(await p.locator('[data-testid=link-remove]').count(), 0);
      await shots(p, 'expired');
    } finally {
      await b.close();
    }
  });

  await t.test('without the signature: nobody can use it; the verdict was recorded', async () => {
    const link = encodeLink(server.url, {
      t: `${HEADER}.${PAYLOAD}.`,
      s: { status: 'valid', kid: '370a7be5c7b2fa4b0210b19cd7ab2ed4c7c6fa09', message: 'signature valid' },
      p: POLICY,
      at: AT,
      m: 'without_signature',
    });
    const b = await openAt(link, WHILE_VALID);
    try {
      const p = b.page;
      assert.equal(await p.getAttribute(BANNER, 'data-exposure'), 'unsigned');
      const text = await p.textContent('[data-testid=link-exposure]');
      assert.match(text, /without its signature: nobody can present it to STS/);
      assert.match(text, /recorded when the link was made; it cannot be re-checked here/);
      assert.equal(await p.locator('[data-testid=link-remove]').count(), 0);
      await shots(p, 'unsigned');
    } finally {
      await b.close();
    }
  });

  await t.test('masked claims: says so, and no masked value appears anywhere', async () => {
    const maker = await openPage(server.url);
    let link;
    try {
      const p = maker.page;
      await p.clock.setFixedTime(WHILE_VALID);
      await p.reload({ waitUntil: 'load' });
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      await p.selectOption('[data-testid=share-mode]', 'masked_claims');
      await p.click('[data-testid=share-button]');
      await p.waitForSelector('[data-testid=share-url]');
      link = await p.inputValue('[data-testid=share-url]');
    } finally {
      await maker.close();
    }
    const b = await openAt(link, WHILE_VALID);
    try {
      const p = b.page;
      assert.equal(await p.getAttribute(BANNER, 'data-exposure'), 'unsigned');
      assert.match(await p.textContent('[data-testid=link-exposure]'), /masked before sharing and show as “\(masked\)”/);
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      // The pod, node and service-account uid are claims the policy does not read (folded: opened to look in them too).
      await p.click('[data-testid=claims-more] summary');
      await p.waitForSelector('[data-testid=claims-table-more]', { state: 'visible' });
      const everything = await p.evaluate(
        () => document.body.innerText + [...document.querySelectorAll('textarea,input')].map((e) => e.value).join('\n'),
      );
      for (const secret of ['api-7d9f8b6c5d-x2kq9', 'ip-10-0-12-34.eu-west-1.compute.internal']) {
        assert.ok(!everything.includes(secret), `masked value ${secret} is not shown`);
      }
      assert.ok(everything.includes('(masked)'));
      await shots(p, 'masked');
    } finally {
      await b.close();
    }
  });

  await t.test('policy only: what to paste next, no claim of an evaluation', async () => {
    const link = encodeLink(server.url, { p: POLICY, at: AT, m: 'policy_only' });
    const b = await openAt(link, WHILE_VALID);
    try {
      const p = b.page;
      assert.equal(await p.getAttribute(BANNER, 'data-exposure'), 'no_token');
      const banner = await p.textContent(BANNER);
      assert.doesNotMatch(banner, /evaluated at/);
      assert.match(banner, /a trust policy and settings, no token/);
      assert.match(await p.textContent('[data-testid=link-next]'), /Paste the token your workload presents/);
      assert.match(await p.textContent('[data-testid=link-carries]'), /The link carries the trust policy\./);
      await shots(p, 'policy-only');
    } finally {
      await b.close();
    }
  });
});
