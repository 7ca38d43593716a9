// Share links through the page (dist/, from `trunk build --release`): a link made from the example reopens in a fresh
// browser with the same verdict and signature status and without a single network request; everything lives in the
// fragment (no query string) and the default link leaves the token's signature out; a full-token link of a token
// that is still valid needs an explicit confirmation; a damaged link shows the core's error and a working page.
//
// Run: node --test tests/browser/   (scripts/test does this after trunk build). TOKENSCOPE_DIST=DIR serves DIR instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const TOKEN = readFileSync(join(ROOT, 'tests', 'fixtures', 'example', 'token.jwt'), 'utf8').trim();
const [HEADER, PAYLOAD, SIGNATURE] = TOKEN.split('.');

// While the example token is valid (iat + 1 h), so that the page treats it as replayable.
const WHILE_VALID = new Date('2026-11-20T10:00:00Z');
const EXAMPLE_AT = '1795168800';

const isFaviconNoise = (msg) => /\/favicon\.ico\b/.test(msg);
const VERDICT = '[data-testid=sts-verdict]';

/** The state a link carries, decoded independently of the page: v1. + base64url(raw DEFLATE(JSON)). */
function decodeLink(url) {
  const fragment = new URL(url).hash.slice(1);
  assert.ok(fragment.startsWith('v1.'), `fragment starts with v1.: ${fragment.slice(0, 20)}`);
  return JSON.parse(inflateRawSync(Buffer.from(fragment.slice(3), 'base64url')).toString('utf8'));
}

/** Only the page's own files: no fetch of discovery documents or keys, nothing off the origin. */
function assertOnlyPageAssets(b) {
  assert.deepEqual(b.foreignRequests(), [], 'no request off the page origin');
  const other = b.requests.filter((u) => !/(\/|\.html|\.js|\.wasm|\.css|favicon\.ico)$/.test(new URL(u).pathname));
  assert.deepEqual(other, [], 'no request besides the page itself');
  assert.ok(b.requests.every((u) => !u.includes('#')), 'a fragment is never sent');
}

/** A link holding `state`, made independently of the page. */
function encodeLink(base, state) {
  return `${base}#v1.${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;
}

/** The data-testid of the focused element. */
const focusedTestId = (p) => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

async function makeLink(page) {
  await page.click('[data-testid=share-button]');
  await page.waitForSelector('[data-testid=share-url]');
  return page.inputValue('[data-testid=share-url]');
}

test('share links', { timeout: 240_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());

  const maker = await openPage(server.url);
  t.after(() => maker.close());
  const page = maker.page;
  await page.clock.setFixedTime(WHILE_VALID);
  await page.reload({ waitUntil: 'load' });
  await page.click('[data-testid=example-button]');
  await page.waitForSelector(`${VERDICT}[data-outcome=success]`);
  await page.waitForSelector('[data-testid=signature-status][data-status=valid]');
  const policy = await page.inputValue('[data-testid=policy-input]');

  let link;
  await t.test('the default link: fragment only, without the signature', async () => {
    assert.equal(await page.inputValue('[data-testid=share-mode]'), 'without_signature');
    link = await makeLink(page);
    assert.ok(link.startsWith(`${server.url}#v1.`), link.slice(0, 60));
    assert.ok(!link.includes('?'), 'no query string');
    const fragment = new URL(link).hash;
    assert.ok(!fragment.includes(SIGNATURE), 'the signature segment is not in the fragment');
    const state = decodeLink(link);
    assert.equal(state.t, `${HEADER}.${PAYLOAD}.`, 'the token travels without its signature');
    assert.ok(!JSON.stringify(state).includes(SIGNATURE));
    assert.equal(state.s.status, 'valid', 'the signature verdict travels instead');
    assert.equal(state.m, 'without_signature');
    assert.equal(state.at, Number(EXAMPLE_AT));
    assert.equal(state.ko, 'example');
    assert.equal(state.p, policy);
    assert.equal(state.r.provider.client_ids[0], 'sts.amazonaws.com');
    assert.deepEqual(maker.foreignRequests(), [], 'making a link sends nothing');
    await page.screenshot({ path: join(ARTIFACTS, 'share-made.png'), fullPage: true });
  });

  await t.test('a full-token link of a valid token needs a confirmation', async () => {
    await page.selectOption('[data-testid=share-mode]', 'full');
    assert.equal(await page.locator('[data-testid=share-url]').count(), 0, 'changing the mode forgets the old link');
    await page.click('[data-testid=share-button]');
    await page.waitForSelector('[data-testid=share-full-warning]');
    assert.match(await page.textContent('[data-testid=share-full-warning]'), /until it expires at 2026-11-21 09:00:00 UTC/);
    assert.equal(await page.locator('[data-testid=share-url]').count(), 0, 'no link before confirming');
    await page.screenshot({ path: join(ARTIFACTS, 'share-full-warning.png'), fullPage: true });
    // Cancel: no link, and the focus goes back to the button rather than to <body>.
    await page.click('[data-testid=share-cancel-full]');
    await page.waitForSelector('[data-testid=share-full-warning]', { state: 'detached' });
    assert.equal(await focusedTestId(page), 'share-button');
    assert.equal(await page.locator('[data-testid=share-url]').count(), 0);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=share-full-warning]');
    await page.click('[data-testid=share-confirm-full]');
    await page.waitForSelector('[data-testid=share-url]');
    const full = decodeLink(await page.inputValue('[data-testid=share-url]'));
    assert.equal(full.t, TOKEN, 'the whole token, as asked');
    assert.equal(await page.locator('[data-testid=share-full-warning]').count(), 0);
  });

  await t.test('opening the link in a fresh browser: same verdict, no request', async () => {
    const b = await openPage(link);
    try {
      const p = b.page;
      await p.waitForSelector('[data-testid=link-banner][data-state=opened]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success][data-error-code=""]`);
      assert.equal(await p.getAttribute('[data-testid=signature-status]', 'data-status'), 'valid');
      assert.match(await p.textContent('[data-testid=signature-message]'), /recorded when the link was made/);
      assert.match(await p.textContent('[data-testid=link-banner]'), /Opened from a shared link — evaluated at the shared time, 2026-11-20 10:00:00 UTC/);
      assert.equal(await p.inputValue('[data-testid=token-input]'), `${HEADER}.${PAYLOAD}.`);
      assert.equal(await p.inputValue('[data-testid=policy-input]'), policy);
      assert.equal(await p.getAttribute('[data-testid=eval-time-parsed]', 'data-unix'), EXAMPLE_AT);
      assert.equal(await p.inputValue('[data-testid=client-ids]'), 'sts.amazonaws.com');
      assert.match(await p.textContent('[data-testid=key-source]'), /from the shared link \(originally the built-in example\)/);
      // The recorded verdict is the sender's, not a check made here: named and styled so.
      assert.equal(await p.getAttribute('[data-testid=signature-status]', 'data-recorded'), 'true');
      assert.match(await p.textContent('[data-testid=signature-status]'), /Recorded by the link: valid/);
      assert.doesNotMatch(await p.textContent('[data-testid=signature-status]'), /✓ Signature valid/);
      // Settings equal to the token's defaults keep following the token.
      assert.equal(await p.getAttribute('[data-testid=client-ids]', 'data-follows'), 'token');
      assert.equal(await p.getAttribute('[data-testid=provider-url]', 'data-follows'), 'token');
      await p.waitForTimeout(500);
      assertOnlyPageAssets(b);
      assert.deepEqual(b.pageErrors, []);
      assert.deepEqual(b.consoleErrors.filter((m) => !isFaviconNoise(m)), []);
      await p.screenshot({ path: join(ARTIFACTS, 'share-opened.png'), fullPage: true });

      // "Evaluate now instead": today is after the example's exp.
      await p.click('[data-testid=link-eval-now]');
      await p.waitForSelector(`${VERDICT}[data-outcome=failure][data-error-code=ExpiredTokenException]`);
      // The banner says what is in effect now, and offers the shared time back.
      await p.waitForSelector('[data-testid=link-banner][data-time=changed]');
      assert.match(await p.textContent('[data-testid=link-banner]'), /shared at 2026-11-20 10:00:00 UTC, now evaluated at /);
      await p.click('[data-testid=link-eval-shared]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      await p.waitForSelector('[data-testid=link-banner][data-time=shared]');
      assertOnlyPageAssets(b);
    } finally {
      await b.close();
    }
  });

  await t.test('dismissing the banner, Back, and a damaged link keep what the link restored', async () => {
    const b = await openPage(link);
    try {
      const p = b.page;
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      await p.click('[data-testid=link-dismiss]');
      await p.waitForSelector('[data-testid=link-banner]', { state: 'detached' });
      assert.equal(await focusedTestId(p), 'token-input', 'the focus moves to the token, not to <body>');
      // The recorded verdict belongs to the token, not to the banner.
      assert.equal(await p.getAttribute('[data-testid=signature-status]', 'data-status'), 'valid');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);

      // An in-page anchor, an edit, then Back to the link's fragment: the edit stays.
      await p.evaluate(() => {
        window.location.hash = '#jwks-input';
      });
      const edited = policy.replace('sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole');
      assert.notEqual(edited, policy);
      await p.fill('[data-testid=policy-input]', edited);
      await p.waitForSelector(`${VERDICT}[data-outcome=failure]`);
      await p.goBack();
      await p.waitForFunction((h) => window.location.hash === h, new URL(link).hash);
      await p.waitForTimeout(200);
      assert.equal(await p.inputValue('[data-testid=policy-input]'), edited, 'Back does not re-apply the link');
      assert.equal(await p.locator('[data-testid=link-banner]').count(), 0);

      // The same link arriving again in a new history entry (typed into the address bar) is applied.
      await p.evaluate(() => {
        window.location.hash = '#jwks-input';
      });
      await p.evaluate((h) => {
        window.location.hash = h;
      }, new URL(link).hash);
      await p.waitForSelector('[data-testid=link-banner][data-state=opened]');
      assert.equal(await p.inputValue('[data-testid=policy-input]'), policy, 'the link is applied again');
      // …and Back then Forward to it does not apply it a third time over a new edit.
      await p.fill('[data-testid=policy-input]', edited);
      await p.goBack();
      await p.waitForFunction(() => window.location.hash === '#jwks-input');
      await p.goForward();
      await p.waitForFunction((h) => window.location.hash === h, new URL(link).hash);
      await p.waitForTimeout(200);
      assert.equal(await p.inputValue('[data-testid=policy-input]'), edited, 'Forward does not re-apply the link');

      // A damaged link arriving later: its error, and the recorded verdict still applies.
      await p.fill('[data-testid=policy-input]', policy);
      await p.evaluate(() => {
        window.location.hash = '#v1.@@@';
      });
      await p.waitForSelector('[data-testid=link-banner][data-state=error]');
      assert.equal(await p.getAttribute('[data-testid=signature-status]', 'data-status'), 'valid');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      // Back from the damaged link to the good one: already applied, so nothing changes.
      await p.goBack();
      await p.waitForFunction((h) => window.location.hash === h, new URL(link).hash);
      await p.waitForTimeout(200);
      await p.waitForSelector('[data-testid=link-banner][data-state=error]');
      assertOnlyPageAssets(b);
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  });

  await t.test('a changed setting travels pinned; the others follow the next token', async () => {
    await page.selectOption('[data-testid=share-mode]', 'without_signature');
    await page.fill('[data-testid=session-name]', 'from-the-link');
    await page.waitForSelector(`${VERDICT}[data-outcome=success]`);
    const pinned = await makeLink(page);
    assert.equal(decodeLink(pinned).r.session_name, 'from-the-link');
    const b = await openPage(pinned);
    try {
      const p = b.page;
      await p.waitForSelector('[data-testid=link-banner][data-state=opened]');
      assert.equal(await p.inputValue('[data-testid=session-name]'), 'from-the-link');
      assert.equal(await p.getAttribute('[data-testid=session-name]', 'data-follows'), null);
      // Another token, from another issuer: the provider URL follows it; the pinned name stays.
      const other = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const claims = { iss: 'https://other.example', sub: 'system:serviceaccount:a:b', aud: 'sts.amazonaws.com', exp: 4_000_000_000, iat: 1_700_000_000 };
      await p.fill('[data-testid=token-input]', `${other({ alg: 'RS256', kid: 'k' })}.${other(claims)}.`);
      await p.waitForFunction(() => document.querySelector('[data-testid=provider-url]')?.value === 'https://other.example');
      assert.equal(await p.getAttribute('[data-testid=provider-url]', 'data-follows'), 'token');
      assert.equal(await p.inputValue('[data-testid=session-name]'), 'from-the-link');
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
    await page.click('[data-testid=settings-reset]');
  });

  await t.test('a link with a time far outside the calendar opens without crashing', async () => {
    // Year ~3 million: local-time formatting used to panic there with a non-zero UTC offset.
    const state = decodeLink(link);
    const far = encodeLink(server.url, { ...state, at: 99_999_999_999_999 });
    const b = await openPage(far, { timezoneId: 'Asia/Kolkata' });
    try {
      const p = b.page;
      await p.waitForSelector('[data-testid=link-banner][data-state=opened]');
      await p.waitForSelector(`${VERDICT}[data-outcome=failure][data-error-code=ExpiredTokenException]`);
      assert.equal(await p.getAttribute('[data-testid=eval-time-parsed]', 'data-unix'), '99999999999999');
      // The page still works.
      await p.click('[data-testid=example-button]');
      await p.waitForSelector('[data-testid=link-banner]', { state: 'detached' });
      await p.waitForSelector(`${VERDICT}[data-outcome]:not([data-outcome=""])`);
      assert.deepEqual(b.pageErrors, []);
      assert.deepEqual(b.consoleErrors.filter((m) => !isFaviconNoise(m)), []);
    } finally {
      await b.close();
    }
  });

  await t.test('a policy-only link carries no token', async () => {
    await page.selectOption('[data-testid=share-mode]', 'policy_only');
    const only = await makeLink(page);
    const state = decodeLink(only);
    assert.equal(state.t, undefined);
    assert.equal(state.k, undefined);
    const b = await openPage(only);
    try {
      await b.page.waitForSelector('[data-testid=link-banner][data-state=opened]');
      await b.page.waitForSelector(`${VERDICT}[data-outcome=""]`);
      assert.equal(await b.page.inputValue('[data-testid=token-input]'), '');
      assert.equal(await b.page.inputValue('[data-testid=policy-input]'), policy);
      assertOnlyPageAssets(b);
    } finally {
      await b.close();
    }
  });

  await t.test('a damaged link: the core error in a banner, and a working page', async () => {
    const b = await openPage(`${server.url}#v1.@@@`);
    try {
      const p = b.page;
      await p.waitForSelector('[data-testid=link-banner][data-state=error]');
      assert.match(await p.textContent('[data-testid=link-error]'), /not base64url/);
      await p.waitForSelector(`${VERDICT}[data-outcome=""]`);
      await p.screenshot({ path: join(ARTIFACTS, 'share-damaged.png'), fullPage: true });
      // The token box still works.
      await p.fill('[data-testid=token-input]', TOKEN);
      await p.waitForSelector('[data-testid=claims-table]');
      await p.waitForSelector(`${VERDICT}:not([data-outcome=""])`);
      // A link pasted into the address bar of the open page arrives as hashchange.
      await p.evaluate((h) => {
        window.location.hash = h;
      }, new URL(link).hash);
      await p.waitForSelector('[data-testid=link-banner][data-state=opened]');
      await p.waitForSelector('[data-testid=signature-status][data-status=valid]');
      assert.equal(await p.inputValue('[data-testid=token-input]'), `${HEADER}.${PAYLOAD}.`);
      // Fragments that are not share links (in-page anchors) change nothing.
      await p.evaluate(() => {
        window.location.hash = '#jwks-input';
      });
      await p.waitForTimeout(200);
      assert.equal(await p.inputValue('[data-testid=token-input]'), `${HEADER}.${PAYLOAD}.`);
      assertOnlyPageAssets(b);
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  });

  await t.test('an oversized link is refused with the core message', async () => {
    const b = await openPage(`${server.url}#v1.${'A'.repeat(600_000)}`);
    try {
      await b.page.waitForSelector('[data-testid=link-banner][data-state=error]');
      assert.match(await b.page.textContent('[data-testid=link-error]'), /links over \d+ are refused/);
      assert.equal(await b.page.inputValue('[data-testid=token-input]'), '');
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  });

  await t.test('the maker page stayed on its own origin, without errors', () => {
    assert.deepEqual(maker.foreignRequests(), []);
    assert.deepEqual(maker.pageErrors, []);
    assert.deepEqual(maker.consoleErrors.filter((m) => !isFaviconNoise(m)), []);
  });
});
