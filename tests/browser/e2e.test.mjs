// End-to-end journeys through the built page (dist/, from `trunk build --release`) in headless Chromium, against
// a mock OIDC issuer on loopback (mock-issuer.mjs). Every journey runs in a fresh browser and also checks that the
// page made no request except to its own origin and to the mock issuer, threw nothing, and reported no
// Content-Security-Policy violation. Screenshots go to tests/browser/artifacts/e2e-*.png.
//
// Run: node --test tests/browser/   (scripts/test does this after trunk build). TOKENSCOPE_DIST=DIR serves DIR instead.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ARTIFACTS, DIST, ROOT, startDist, startStatic } from './server.mjs';
import { openPage } from './browser.mjs';
import { decodePayload, INTERNAL_JWKS_URI, startMockIssuer } from './mock-issuer.mjs';

// Whether this machine can run the page's curl commands as a user would (they are checked when it can).
const has = (tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const hasCurl = has('curl');
const hasJq = has('jq');

// Read in place, never copied (ARCHITECTURE.md): present beside CI and this workplace, absent in a user's clone.
const EKS_VECTORS = resolve(
  process.env.TOKENSCOPE_EKS_VECTORS || join(ROOT, '..', 'shared', 'vectors', 'k8s-sa-tokens', 'eks-nats-k8s-oidc-callout'),
);

const sel = (id) => `[data-testid=${id}]`;
const isFaviconNoise = (msg) => /\/favicon\.ico\b/.test(msg);

/** Records `securitypolicyviolation` events from the very start of every document (injected by the browser). */
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({
      directive: e.effectiveDirective || e.violatedDirective,
      blocked: e.blockedURI,
      sample: e.sample,
      disposition: e.disposition,
    });
  });
}

let server;
let mock;

before(async () => {
  server = await startDist();
  mock = await startMockIssuer({ slowMillis: 12_000 });
});

after(async () => {
  await mock?.close();
  await server?.close();
});

/** Screenshot of the page (or of the element `of`, a selector) to artifacts/e2e-NAME.png. */
async function shot(page, name, { fullPage = true, of = null } = {}) {
  const path = join(ARTIFACTS, `e2e-${name}.png`);
  if (of) await page.locator(of).first().screenshot({ path });
  else await page.screenshot({ path, fullPage });
  return path;
}
/** The panel holding "Fetch keys". */
const KEYS_PANEL = `section:has(${sel('fetch-keys')})`;

const violations = (page) => page.evaluate(() => window.__cspViolations ?? null);

/**
 * One journey: a fresh browser on the page (mock issuer origin allowed), `fn(t, b)`, then the common checks.
 * @param {string} name
 * @param {{timeout?: number, slug: string, allowViolations?: boolean, allowConsoleErrors?: RegExp, url?: () => string}} opts
 */
function journey(name, opts, fn) {
  const { timeout = 60_000, slug, allowViolations = false, allowConsoleErrors = null } = opts;
  test(name, { timeout }, async (t) => {
    const t0 = Date.now();
    const url = opts.url ? await opts.url(t) : server.url;
    const b = await openPage(url, { allowOrigins: [mock.origin], initScripts: [recordCspViolations] });
    t.after(() => b.close());
    const { page } = b;
    try {
      await fn(t, b);
      assert.deepEqual(b.unexpectedRequests(), [], `requests off the page's origin ${b.origin} and the mock issuer`);
      assert.ok(!b.requests.some((u) => u.includes('compute.internal')), 'a request to an internal host');
      assert.deepEqual(b.pageErrors, [], 'uncaught errors on the page');
      const errors = b.consoleErrors.filter((m) => !isFaviconNoise(m) && !(allowConsoleErrors && allowConsoleErrors.test(m)));
      assert.deepEqual(errors, [], 'console errors on the page');
      if (!allowViolations) assert.deepEqual(await violations(page), [], 'Content-Security-Policy violations');
      const stored = await page.evaluate(() => ({
        cookies: document.cookie,
        local: localStorage.length,
        session: sessionStorage.length,
      }));
      assert.deepEqual(stored, { cookies: '', local: 0, session: 0 }, 'the page stored something');
      t.diagnostic(`${slug}: ${Date.now() - t0} ms`);
    } catch (err) {
      const path = await shot(page, `${slug}-failure`).catch(() => '(no screenshot)');
      t.diagnostic(`requests: ${JSON.stringify(b.requests)}`);
      t.diagnostic(`failed requests: ${JSON.stringify(b.failedRequests)}`);
      t.diagnostic(`console errors: ${JSON.stringify(b.consoleErrors)}`);
      t.diagnostic(`page errors: ${JSON.stringify(b.pageErrors)}`);
      t.diagnostic(`CSP violations: ${JSON.stringify(await violations(page).catch(() => 'n/a'))}`);
      t.diagnostic(`screenshot: ${path}`);
      throw err;
    }
  });
}

async function pasteToken(page, token) {
  await page.fill(sel('token-input'), token);
}

async function setEvalTime(page, text) {
  await page.fill(sel('eval-time'), text);
}

async function signature(page) {
  const box = page.locator(sel('signature-status'));
  return {
    status: await box.getAttribute('data-status'),
    message: await page.locator(sel('signature-message')).innerText(),
    reason: (await page.locator(sel('signature-reason')).count())
      ? await page.locator(sel('signature-reason')).innerText()
      : null,
  };
}

/** Waits for "Fetch keys" to finish in `state` (done/failed) and returns the fetch-status element's text. */
async function waitFetch(page, state, timeout = 10_000) {
  await page.waitForSelector(`${sel('fetch-status')}[data-state=${state}]`, { timeout });
  return page.locator(sel('fetch-status')).innerText();
}

/** The page's signature module (src/web/crypto_worker.rs): its own three files, from its own origin, loaded the first
 * time a signature is checked. The only requests a page makes besides its first load and a click on Fetch keys. */
const SIGNATURE_MODULE = ['tokenscope-crypto_loader.js', 'tokenscope-crypto.js', 'tokenscope-crypto_bg.wasm'];
const isSignatureModule = (b, url) =>
  new URL(url).origin === b.origin && SIGNATURE_MODULE.includes(new URL(url).pathname.split('/').pop());
/** The rest of the page's own module (scripts/split-hook.mjs), loaded on first use: tests/browser/split.test.mjs. */
const isPageRest = (b, url) =>
  new URL(url).origin === b.origin && /^tokenscope-web-[0-9a-f]{16}_split\.wasm$/.test(new URL(url).pathname.split('/').pop());

/** Mock-side requests made since `since` (an index into mock.requests). */
const mockSince = (since) => mock.requests.slice(since);

// (a) ---------------------------------------------------------------------------------------------------------------
journey('(a) first visit: the example verifies with no network', { slug: 'a-example' }, async (t, b) => {
  const { page } = b;
  await page.waitForSelector(sel('example-button'));
  const before = b.requests.length;
  await page.click(sel('example-button'));
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`, { timeout: 10_000 });
  assert.equal(await page.locator(`${sel('fetch-status')}`).getAttribute('data-origin'), 'built-in example');
  const made = b.requests.slice(before).filter((u) => !isPageRest(b, u));
  assert.deepEqual(made.filter((u) => !isSignatureModule(b, u)), [], 'the example made requests');
  assert.deepEqual(
    made.map((u) => new URL(u).pathname.split('/').pop()).sort(),
    [...SIGNATURE_MODULE].sort(),
    'checking the signature loads the page\'s signature module, once',
  );
  await shot(page, 'a-example-valid');
});

// (b) ---------------------------------------------------------------------------------------------------------------
journey('(b) a real EKS token with its 13-key JWKS, pasted, evaluated before its exp', { slug: 'b-real-eks' }, async (t, b) => {
  const tokenFile = join(EKS_VECTORS, 'token.jwt');
  const jwksFile = join(EKS_VECTORS, 'jwks.json');
  if (!existsSync(tokenFile) || !existsSync(jwksFile)) {
    t.skip(`SKIPPED: ${EKS_VECTORS} is absent (it exists only beside CI and the workplace)`);
    return;
  }
  const { page } = b;
  const token = readFileSync(tokenFile, 'utf8');
  const jwks = readFileSync(jwksFile, 'utf8');
  assert.equal(JSON.parse(jwks).keys.length, 13);
  await page.waitForSelector(sel('token-input'));
  await pasteToken(page, token);
  await page.fill(sel('jwks-input'), jwks);
  await setEvalTime(page, '2025-11-24T12:00:00Z');
  await page.waitForSelector(`${sel('eval-time-parsed')}[data-unix="1763985600"]`);
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`, { timeout: 10_000 });
  assert.match(await page.locator(sel('key-source')).innerText(), /pasted/i);
  assert.match(await page.locator('[data-claim=exp]').getAttribute('class'), /row-status-pass/);
  await shot(page, 'b-real-eks-valid');
});

// (c) ---------------------------------------------------------------------------------------------------------------
journey('(c) Fetch keys from an issuer with CORS: exactly two requests, none carrying the token', { slug: 'c-cors' }, async (t, b) => {
  const { page } = b;
  const token = mock.token('cors');
  const [h, p, s] = token.split('.');
  await page.waitForSelector(sel('token-input'));
  const mockStart = mock.requests.length;
  await pasteToken(page, token);
  await page.waitForSelector(`${sel('signature-status')}[data-status=unverified]`);
  await page.waitForTimeout(300);
  assert.deepEqual(mockSince(mockStart), [], 'the page fetched before the click');

  const browserStart = b.requestLog.length;
  await page.click(sel('fetch-keys'));
  const summary = await waitFetch(page, 'done');
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
  assert.match(summary, /Discovery document/);
  assert.match(await page.locator(sel('key-source')).innerText(), new RegExp(`fetched from ${mock.jwksUrl('cors')}`));

  const made = b.requestLog.slice(browserStart).filter((r) => !isSignatureModule(b, r.url));
  assert.deepEqual(
    made.map((r) => `${r.method} ${r.url}`),
    [`GET ${mock.discoveryUrl('cors')}`, `GET ${mock.jwksUrl('cors')}`],
    'the page should request the discovery document, then the JWKS, and nothing else',
  );
  const seen = mockSince(mockStart);
  assert.deepEqual(seen.map((r) => `${r.method} ${r.path}`), ['GET /cors/.well-known/openid-configuration', 'GET /cors/keys']);
  // No part of the token anywhere in what left the browser: URLs, bodies, headers.
  const parts = [h, p, s, s.slice(0, 24), p.slice(10, 40)];
  for (const r of [...made.map((m) => ({ where: 'browser', url: m.url, body: m.postData ?? '', headers: m.headers })),
    ...seen.map((m) => ({ where: 'issuer', url: m.url, body: m.body, headers: m.headers }))]) {
    const text = `${r.url}\n${r.body}\n${JSON.stringify(r.headers)}`;
    for (const part of parts) assert.ok(!text.includes(part), `${r.where} saw part of the token in ${r.url}`);
    assert.equal(r.body, '', `${r.url} has a body`);
  }
  for (const r of seen) {
    assert.equal(r.headers.cookie, undefined, 'cookies sent');
    assert.equal(r.headers.referer, undefined, 'a Referer sent');
    assert.equal(r.headers.authorization, undefined, 'an Authorization header sent');
    assert.equal(new URL(r.url).search, '', 'a query string sent');
  }
  await shot(page, 'c-cors-valid');
  await shot(page, 'c-cors-keys-panel', { of: KEYS_PANEL });
});

// (d) ---------------------------------------------------------------------------------------------------------------
journey(
  '(d) an issuer without CORS: the page explains, gives curl commands, and the pasted output verifies',
  { slug: 'd-nocors', allowConsoleErrors: /CORS policy|ERR_FAILED|Failed to fetch|Failed to load resource/i },
  async (t, b) => {
    const { page } = b;
    await page.waitForSelector(sel('token-input'));
    await pasteToken(page, mock.token('nocors'));
    await page.click(sel('fetch-keys'));
    const status = await waitFetch(page, 'failed');
    assert.match(status, /^Fetching failed for issuer /, 'the heading over a failed fetch says so');
    const failure = await page.locator(sel('fetch-failure')).innerText();
    assert.match(failure, /network error or CORS/);
    assert.match(failure, /Access-Control-Allow-Origin/);
    const curl = (await page.locator(sel('curl-commands')).innerText()).trim().split('\n');
    assert.equal(curl.length, 2, `two curl commands: ${curl.join(' | ')}`);
    assert.ok(curl.every((c) => c.startsWith('curl ') && c.includes(mock.discoveryUrl('nocors'))), curl.join('\n'));
    await page.waitForSelector(`${sel('signature-status')}[data-status=unverified]`);
    await shot(page, 'd-nocors-failure');
    await shot(page, 'd-nocors-keys-panel', { of: KEYS_PANEL });

    // What the user's terminal would do: the first command gives the discovery document, the second its jwks_uri.
    const discoveryUrl = curl[0].match(/--url '([^']+)'/)[1];
    const discoveryText = await (await fetch(discoveryUrl)).text();
    const jwksText = await (await fetch(JSON.parse(discoveryText).jwks_uri)).text();
    // The commands as a shell runs them give exactly those documents (asynchronously: the mock issuer answers
    // from this process).
    const run = async (cmd) => (await promisify(execFile)('bash', ['-c', cmd], { encoding: 'utf8', timeout: 10_000 })).stdout;
    if (hasCurl) assert.equal(await run(curl[0]), discoveryText);
    if (hasCurl && hasJq) assert.equal(await run(curl[1]), jwksText);
    t.diagnostic(`curl commands run in a shell: ${hasCurl ? (hasJq ? 'both' : 'the first (no jq)') : 'none (no curl)'}`);
    await page.fill(sel('jwks-input'), `${discoveryText}\n${jwksText}`);
    await page.waitForSelector(`${sel('jwks-status')}[data-state=ok]`);
    await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
    assert.match(await page.locator(sel('key-source')).innerText(), /pasted/i);
    await shot(page, 'd-nocors-pasted-valid');
  },
);

// (e) ---------------------------------------------------------------------------------------------------------------
journey('(e) rotated keys: invalid, kid_not_found, and the message says why', { slug: 'e-rotated' }, async (t, b) => {
  const { page } = b;
  await page.waitForSelector(sel('token-input'));
  await pasteToken(page, mock.token('rotated'));
  await page.click(sel('fetch-keys'));
  await waitFetch(page, 'done');
  await page.waitForSelector(`${sel('signature-status')}[data-status=invalid]`);
  const sig = await signature(page);
  assert.equal(sig.reason, 'kid_not_found');
  assert.match(sig.message, /rotat/i);
  assert.match(sig.message, new RegExp(mock.kid));
  await shot(page, 'e-rotated-invalid');
  await shot(page, 'e-rotated-signature', { of: `section:has(${sel('signature-status')})` });
});

// (f) ---------------------------------------------------------------------------------------------------------------
journey("(f) the EKS in-cluster trap: discovery's internal jwks_uri is flagged and never requested", { slug: 'f-internal' }, async (t, b) => {
  const { page } = b;
  await page.waitForSelector(sel('token-input'));
  await pasteToken(page, mock.token('internal'));
  await page.click(sel('fetch-keys'));
  await page.waitForSelector(`${sel('fetch-status')}:is([data-state=done], [data-state=failed])`);
  const check = page.locator(`${sel('discovery-checks')} [data-check="discovery.jwks_uri"]`);
  await check.waitFor();
  assert.match(await check.getAttribute('class'), /row-status-fail/);
  const text = await check.innerText();
  assert.ok(text.includes(INTERNAL_JWKS_URI), text);
  assert.match(text, /internal/i);
  assert.ok(!b.requests.some((u) => u.includes('compute.internal')), 'the internal jwks_uri was requested');
  await shot(page, 'f-internal-flagged');
  await shot(page, 'f-internal-discovery-checks', { of: sel('discovery-checks') });
});

// (g) ---------------------------------------------------------------------------------------------------------------
journey("(g) discovery issuer differs from the token's iss: the issuer check fails", { slug: 'g-mismatch' }, async (t, b) => {
  const { page } = b;
  await page.waitForSelector(sel('token-input'));
  await pasteToken(page, mock.token('mismatch'));
  await page.click(sel('fetch-keys'));
  await page.waitForSelector(`${sel('fetch-status')}:is([data-state=done], [data-state=failed])`);
  const check = page.locator(`${sel('discovery-checks')} [data-check="discovery.issuer"]`);
  await check.waitFor();
  assert.match(await check.getAttribute('class'), /row-status-fail/);
  const text = await check.innerText();
  assert.ok(text.includes(mock.issuer('mismatch')), text);
  assert.ok(text.includes(`${mock.origin}/some-other-issuer`), text);
  await shot(page, 'g-mismatch-issuer-fails');
  await shot(page, 'g-mismatch-discovery-checks', { of: sel('discovery-checks') });
});

// (h) ---------------------------------------------------------------------------------------------------------------
journey(
  '(h) an issuer that does not answer: the page gives up after 8 s and says so',
  { slug: 'h-slow', timeout: 40_000, allowConsoleErrors: /abort|ERR_ABORTED|Failed to load resource/i },
  async (t, b) => {
    const { page } = b;
    await page.waitForSelector(sel('token-input'));
    await pasteToken(page, mock.token('slow'));
    const t0 = Date.now();
    await page.click(sel('fetch-keys'));
    await page.waitForSelector(`${sel('fetch-status')}[data-state=loading]`);
    assert.equal(await page.locator(sel('fetch-keys')).isDisabled(), true, 'Fetch keys should be disabled while a fetch runs');
    await waitFetch(page, 'failed', 15_000);
    const elapsed = Date.now() - t0;
    t.diagnostic(`gave up after ${elapsed} ms`);
    assert.ok(elapsed >= 7_500 && elapsed < 12_000, `gave up after ${elapsed} ms, expected about 8 s`);
    const failure = await page.locator(sel('fetch-failure')).innerText();
    assert.match(failure, /did not answer within 8 s/);
    assert.equal(await page.locator(sel('curl-commands')).count(), 1);
    await shot(page, 'h-slow-timeout');
    await shot(page, 'h-slow-keys-panel', { of: KEYS_PANEL });
  },
);

// (i) ---------------------------------------------------------------------------------------------------------------
journey('(i) evaluating after exp: the exp row fails', { slug: 'i-expired' }, async (t, b) => {
  const { page } = b;
  await page.click(sel('example-button'));
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
  const exp = decodePayload(await page.inputValue(sel('token-input'))).exp;
  assert.match(await page.locator('[data-claim=exp]').getAttribute('class'), /row-status-pass/);
  await setEvalTime(page, new Date((exp + 1) * 1000).toISOString().replace('.000Z', 'Z'));
  await page.waitForSelector(`${sel('eval-time-parsed')}[data-unix="${exp + 1}"]`);
  await page.waitForSelector('[data-claim=exp].row-status-fail');
  assert.match(await page.locator('[data-claim=exp]').innerText(), /fail/);
  await shot(page, 'i-expired');
  await shot(page, 'i-expired-exp-row', { of: '[data-claim=exp]' });
});

// (j) ---------------------------------------------------------------------------------------------------------------
/** Keyboard helpers for one page: what has focus, and Tab (or Shift+Tab) until a given control has it. */
function keyboard(page) {
  const order = [];
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return {
        testid: el.getAttribute('data-testid'),
        tag: el.tagName.toLowerCase(),
        outlineStyle: style.outlineStyle,
        outlineWidth: style.outlineWidth,
        focusVisible: el.matches(':focus-visible'),
      };
    });
  /** Presses `key` until the focused element has data-testid `id`; returns its focus info. */
  const tabTo = async (id, key = 'Tab', max = 80) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press(key);
      const f = await focused();
      order.push(f?.testid ?? f?.tag ?? '(body)');
      if (f?.testid === id) return f;
    }
    return assert.fail(`${id} not reached with ${key} in ${max} presses; focus went: ${order.join(' → ')}`);
  };
  /** Focus info of `id` if it has focus, else Tab to it (records the loss in `order`; test (j2) asserts there is none). */
  const ensure = async (id) => {
    const f = await focused();
    if (f?.testid === id) return f;
    order.push(`[focus lost: ${f?.testid ?? f?.tag ?? 'body'}]`);
    return tabTo(id);
  };
  const assertVisible = (f) => {
    assert.ok(f.focusVisible, `${f.testid} focused without :focus-visible`);
    assert.notEqual(f.outlineStyle, 'none', `${f.testid} has no focus outline`);
    assert.notEqual(f.outlineWidth, '0px', `${f.testid} has a zero-width focus outline`);
  };
  return { order, focused, tabTo, ensure, assertVisible };
}

journey('(j) keyboard only: example, token field and Fetch keys are reachable, usable and visibly focused', { slug: 'j-keyboard' }, async (t, b) => {
  const { page } = b;
  await page.waitForSelector(sel('example-button'));
  const kb = keyboard(page);

  await page.locator('body').focus();
  const example = await kb.tabTo('example-button');
  kb.assertVisible(example);
  await shot(page, 'j-keyboard-example-focused', { fullPage: false });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);

  kb.assertVisible(await kb.tabTo('token-input', 'Shift+Tab'));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  assert.equal(await page.inputValue(sel('token-input')), '');
  await kb.ensure('token-input');
  await page.keyboard.insertText(mock.token('cors')); // what a paste (Ctrl+V) delivers
  await page.waitForSelector('[data-claim=iss]');
  await page.waitForSelector(`${sel('signature-status')}[data-status=unverified]`);

  const fetchKeys = await kb.tabTo('fetch-keys');
  kb.assertVisible(fetchKeys);
  await shot(page, 'j-keyboard-fetch-focused', { fullPage: false });
  await page.keyboard.press('Enter');
  await waitFetch(page, 'done');
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);

  // Space works too, on a control reached by keyboard after the re-render.
  await kb.ensure('fetch-keys');
  await page.keyboard.press('Space');
  await waitFetch(page, 'done');
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
  t.diagnostic(`focus order: ${kb.order.join(' → ')}`);
});

// (j2) --------------------------------------------------------------------------------------------------------------
// Yew flattens `{ for … }` children into their parent's child list and reconciles unkeyed lists from the end
// (yew 0.23 BList::apply_unkeyed), so an optional trailing child that appears or disappears would re-create every
// earlier sibling and replace a focused control with a new, unfocused one. src/web renders an absent optional child
// as an empty Html in its place (`x.unwrap_or_default()`); this test fails if a change brings the defect back.
test(
  '(j2) focus stays on the control the user operated when the page re-renders',
  { timeout: 60_000 },
  async (t) => {
    const b = await openPage(server.url, { allowOrigins: [mock.origin] });
    t.after(() => b.close());
    const { page } = b;
    await page.waitForSelector(sel('example-button'));
    const kb = keyboard(page);
    const lost = [];
    const check = async (id, what) => {
      const f = await kb.focused();
      if (f?.testid !== id) lost.push(`${what}: focus on ${f?.testid ?? f?.tag ?? 'body'} instead of ${id}`);
    };
    await page.focus(sel('example-button'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
    await check('example-button', 'Enter on "Try an example"');

    await page.focus(sel('token-input'));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.waitForTimeout(200);
    await check('token-input', 'deleting the example token');

    await page.fill(sel('token-input'), mock.token('nocors'));
    await page.focus(sel('jwks-input'));
    await page.keyboard.insertText(`${JSON.stringify(mock.discovery('nocors'))}\n${JSON.stringify(mock.jwks('nocors'))}`);
    await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
    await check('jwks-input', 'pasting discovery + JWKS into the keys box');

    await page.fill(sel('jwks-input'), '');
    await page.fill(sel('token-input'), mock.token('cors'));
    await page.focus(sel('fetch-keys'));
    await page.keyboard.press('Enter');
    await waitFetch(page, 'done');
    await check('fetch-keys', 'Enter on "Fetch keys"');
    assert.deepEqual(lost, [], 'focus lost');
  },
);

// (k) ---------------------------------------------------------------------------------------------------------------
journey('(k) hostile claims are shown as text, run nothing, and keep the layout', { slug: 'k-hostile', timeout: 90_000 }, async (t, b) => {
  const { page } = b;
  const IMG = '<img src=x onerror=window.__pwned=1>';
  const JS = 'javascript:alert(1)';
  const RLO = 'invoice\u202Egpj.exe';
  const BIG = 'A'.repeat(100 * 1024);
  const token = mock.token(
    'cors',
    {
      sub: `${IMG}\u202Etxt.exe`,
      name: IMG,
      website: JS,
      picture: JS,
      email: `${RLO}@example.com`,
      display_name: RLO,
      blob: BIG,
      [IMG]: JS,
      nested: { html: '<script>window.__pwned=2</script>', href: JS, svg: '<svg onload=window.__pwned=3>' },
    },
    { header: { jku: JS, x5u: JS } },
  );
  t.diagnostic(`hostile token: ${token.length} characters`);
  await page.waitForSelector(sel('token-input'));
  const t0 = Date.now();
  await pasteToken(page, token);
  await page.waitForSelector(sel('claims-table'));
  // Claims nothing reads are folded under the table: the hostile names are there, as text.
  await page.waitForFunction((img) => document.querySelector('.panel-decoded')?.textContent.includes(img), IMG);
  const rendered = Date.now() - t0;
  await page.click(sel('fetch-keys'));
  await waitFetch(page, 'done');
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
  t.diagnostic(`rendered in ${rendered} ms`);

  const probe = () =>
    page.evaluate(() => ({
      pwned: window.__pwned,
      imgs: document.body.querySelectorAll('img').length,
      svgs: [...document.body.querySelectorAll('svg')].filter((s) => s.hasAttribute('onload')).length,
      scripts: [...document.body.querySelectorAll('script')].length,
      jsLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
        .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('formaction'))
        .filter((v) => /^\s*javascript:/i.test(v)),
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
  let r = await probe();
  assert.equal(r.pwned, undefined, 'a claim ran script');
  assert.equal(r.imgs, 0, 'an <img> was created');
  assert.equal(r.svgs, 0, 'an <svg onload> was created');
  assert.equal(r.scripts, 0, 'a <script> was created in the body');
  assert.deepEqual(r.jsLinks, [], 'javascript: URLs in the page');
  assert.equal(r.handlers, 0, 'inline event-handler attributes in the page');
  assert.ok(r.scrollWidth <= r.innerWidth + 1, `layout ${r.scrollWidth}px wider than the viewport ${r.innerWidth}px`);
  // Shown as text (the folded claims opened).
  await page.click(`${sel('claims-more')} summary`);
  const table = (await page.locator(sel('claims-table')).innerText()) + (await page.locator(sel('claims-table-more')).innerText());
  assert.ok(table.includes(IMG), 'the <img> claim is not shown as text');
  assert.ok(table.includes(JS), 'the javascript: claim is not shown as text');
  // The RIGHT-TO-LEFT OVERRIDE is made visible instead of reordering what the user reads, and flagged.
  assert.ok(table.includes('invoice⟨U+202E⟩gpj.exe'), 'the RIGHT-TO-LEFT OVERRIDE is not shown as ⟨U+202E⟩');
  assert.ok(!table.includes('\u202E'), 'a raw RIGHT-TO-LEFT OVERRIDE reorders the claims table');
  assert.ok(await page.locator(`${sel('findings')} [data-code=claim_invisible_characters]`).count(), 'invisible-characters finding missing');
  // Nowhere on the page (claims, STS trace, findings, suggested fixes) does a raw override reorder text.
  const bodyText = await page.evaluate(() => document.body.innerText);
  assert.ok(!bodyText.includes('\u202E'), 'a raw RIGHT-TO-LEFT OVERRIDE is rendered somewhere on the page');
  assert.ok(bodyText.includes('⟨U+202E⟩txt.exe'), 'the sub with an override is not shown revealed');
  await page.click(`${sel('json-details')} summary`);
  const claimsJson = await page.locator(sel('claims-json')).innerText();
  assert.ok(claimsJson.includes('invoice\\u202Egpj.exe') && !claimsJson.includes('\u202E'), 'the claims JSON shows a raw RIGHT-TO-LEFT OVERRIDE');
  assert.ok(await page.locator(`${sel('findings')} [data-code=header_jku_ignored]`).count(), 'jku finding missing');
  await shot(page, 'k-hostile-desktop', { fullPage: false });
  for (const claim of ['sub', 'website', 'display_name']) await shot(page, `k-hostile-claim-${claim}`, { of: `[data-claim=${claim}]` });

  // Responsive: a frame comes promptly, and the evaluation time still reacts.
  const frame = await page.evaluate(
    () => new Promise((done) => { const s = performance.now(); requestAnimationFrame(() => done(performance.now() - s)); }),
  );
  assert.ok(frame < 1000, `next frame after ${frame} ms`);
  const t1 = Date.now();
  await setEvalTime(page, '2030-01-01T00:00:00Z');
  await page.waitForSelector(`${sel('eval-time-parsed')}[data-unix="1893456000"]`, { timeout: 5_000 });
  await page.waitForSelector('[data-claim=exp].row-status-fail', { timeout: 5_000 });
  t.diagnostic(`re-evaluated in ${Date.now() - t1} ms`);

  // A phone-sized viewport too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  r = await probe();
  assert.ok(r.scrollWidth <= r.innerWidth + 1, `narrow layout ${r.scrollWidth}px wider than the viewport ${r.innerWidth}px`);
  assert.equal(r.pwned, undefined);
  await shot(page, 'k-hostile-narrow', { fullPage: false });
});

// (l) ---------------------------------------------------------------------------------------------------------------
journey('(l) the CSP meta is in force: no violation in the example journey, an injected inline script is blocked', { slug: 'l-csp', allowViolations: true, allowConsoleErrors: /Content Security Policy/ }, async (t, b) => {
  const { page } = b;
  const csp = await page.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
  );
  assert.ok(csp, 'no CSP <meta> in the page');
  t.diagnostic(`CSP: ${csp}`);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.deepEqual(directives['form-action'], ["'none'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['img-src'], ["'self'", 'data:']);
  assert.ok(!directives['script-src'].includes("'unsafe-inline'") && !directives['script-src'].includes("'unsafe-eval'"));
  assert.ok(directives['script-src'].includes("'wasm-unsafe-eval'"));
  assert.ok(directives['script-src'].some((s) => /^'sha256-[A-Za-z0-9+/]{43}='$/.test(s)), 'no sha256 of the loader');
  for (const s of ['https:', 'http://localhost:*', 'http://127.0.0.1:*']) assert.ok(directives['connect-src'].includes(s), s);
  assert.ok(!directives['connect-src'].some((s) => s.startsWith('ws')), 'a websocket source in a release build');
  // dist/_headers (for static hosts) sends the same policy, plus frame-ancestors.
  const headers = readFileSync(join(DIST, '_headers'), 'utf8');
  assert.ok(headers.includes(`  Content-Security-Policy: ${csp}; frame-ancestors 'none'\n`), headers);
  assert.match(headers, /^ {2}X-Content-Type-Options: nosniff$/m);
  assert.match(headers, /^ {2}Referrer-Policy: no-referrer$/m);
  assert.equal(
    await page.evaluate(() => document.querySelector('meta[name=referrer]')?.getAttribute('content')),
    'no-referrer',
  );
  // Asset URLs are relative, so dist/ works under any sub-path; the icon is inline (a data: URL, no request).
  const urls = await page.evaluate(() =>
    [...document.querySelectorAll('link[href], script[src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src')),
  );
  const files = urls.filter((u) => !u.startsWith('data:image/svg+xml,'));
  assert.equal(urls.length - files.length, 1, `one inline icon: ${JSON.stringify(urls)}`);
  assert.ok(files.length >= 3 && files.every((u) => u.startsWith('./')), JSON.stringify(urls));
  // The loader's hash is the one in the policy.
  const loader = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).map((s) => s.textContent));
  assert.equal(loader.length, 1, 'one inline script (Trunk\'s loader)');
  const digest = (await import('node:crypto')).createHash('sha256').update(loader[0]).digest('base64');
  assert.ok(directives['script-src'].includes(`'sha256-${digest}'`), 'the policy does not hash the loader');

  await page.click(sel('example-button'));
  await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
  await setEvalTime(page, '2026-11-20T12:00:00Z');
  await page.waitForSelector(`${sel('eval-time-parsed')}[data-unix="1795176000"]`);
  await page.waitForTimeout(300);
  assert.deepEqual(await violations(page), [], 'CSP violations during the example journey');

  // An inline script without a hash, and an inline handler, are refused and reported.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = 1';
    document.body.append(s);
    const d = document.createElement('div');
    d.setAttribute('style', 'position: fixed; inset: 0; background: red');
    document.body.append(d);
    window.__probeDiv = d;
  });
  await page.waitForFunction(() => window.__cspViolations.length >= 2);
  const v = await violations(page);
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'the injected inline script ran');
  assert.ok(v.some((x) => x.directive === 'script-src-elem' && x.blocked === 'inline'), JSON.stringify(v));
  assert.ok(v.some((x) => x.directive === 'style-src-attr'), JSON.stringify(v));
  assert.notEqual(await page.evaluate(() => getComputedStyle(window.__probeDiv).position), 'fixed', 'inline style applied');
  await page.evaluate(() => window.__probeDiv.remove());
});

// (m) ---------------------------------------------------------------------------------------------------------------
let tamperedDir;
after(async () => {
  if (tamperedDir) await rm(tamperedDir, { recursive: true, force: true });
});
let tamperedServer;
after(async () => tamperedServer?.close());
journey(
  '(m) an unhashed inline script written into index.html is blocked and reported; the page still runs',
  {
    slug: 'm-tampered',
    allowViolations: true,
    allowConsoleErrors: /Content Security Policy/,
    url: async () => {
      tamperedDir = await mkdtemp(join(tmpdir(), 'tokenscope-tampered-'));
      await cp(DIST, tamperedDir, { recursive: true });
      const index = join(tamperedDir, 'index.html');
      const html = await readFile(index, 'utf8');
      await writeFile(index, html.replace('</head>', '<script>window.__inlineRan = 1</script></head>'));
      tamperedServer = await startStatic(tamperedDir);
      return tamperedServer.url;
    },
  },
  async (t, b) => {
    const { page } = b;
    await page.waitForSelector(sel('example-button'));
    assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'the unhashed inline script ran');
    const v = await violations(page);
    assert.equal(v.length, 1, JSON.stringify(v));
    assert.equal(v[0].directive, 'script-src-elem');
    assert.equal(v[0].blocked, 'inline');
    await page.click(sel('example-button'));
    await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
  },
);

// (n) ---------------------------------------------------------------------------------------------------------------
// The link is made in a first browser (keys fetched from the mock issuer), then opened by the journey's own fresh
// browser: nothing is requested to open it; "Re-fetch today's keys" asks the issuer again, and only on the click.
let refetchLink = null;
journey(
  "(n) a shared link opens with no request; \"Re-fetch today's keys\" fetches the issuer's two documents on click",
  {
    slug: 'n-refetch',
    url: async () => {
      const maker = await openPage(server.url, { allowOrigins: [mock.origin] });
      try {
        const { page } = maker;
        await pasteToken(page, mock.token('cors'));
        await page.click(sel('fetch-keys'));
        await waitFetch(page, 'done');
        await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
        await page.click(sel('share-button'));
        await page.waitForSelector(sel('share-url'));
        refetchLink = await page.inputValue(sel('share-url'));
      } finally {
        await maker.close();
      }
      return refetchLink;
    },
  },
  async (t, b) => {
    const { page } = b;
    const mockStart = mock.requests.length;
    await page.waitForSelector(`${sel('link-banner')}[data-state=opened]`);
    await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
    assert.match(await page.locator(sel('key-source')).innerText(), /from the shared link/);
    await page.waitForTimeout(300);
    assert.deepEqual(mockSince(mockStart), [], 'opening the link fetched something');
    assert.ok(b.requests.every((u) => !u.includes('#')), 'a fragment was sent');

    const browserStart = b.requestLog.length;
    await page.click(sel('link-refetch'));
    await waitFetch(page, 'done');
    await page.waitForSelector(`${sel('signature-status')}[data-status=valid]`);
    assert.match(await page.locator(sel('key-source')).innerText(), new RegExp(`fetched from ${mock.jwksUrl('cors')}`));
    assert.deepEqual(
      b.requestLog.slice(browserStart).map((r) => `${r.method} ${r.url}`),
      [`GET ${mock.discoveryUrl('cors')}`, `GET ${mock.jwksUrl('cors')}`],
    );
    assert.deepEqual(mockSince(mockStart).map((r) => r.path), ['/cors/.well-known/openid-configuration', '/cors/keys']);
    // The banner says the link's snapshot is set aside, and offers it back.
    await page.waitForSelector(`${sel('link-banner')}[data-keys=replaced]`);
    assert.match(
      await page.locator(sel('link-keys')).innerText(),
      new RegExp(`fetched today from ${mock.jwksUrl('cors')}\\. The link's snapshot is set aside\\.`),
    );
    await shot(page, 'n-refetch-done', { fullPage: false });
    await page.click(sel('link-use-keys'));
    await page.waitForSelector(`${sel('link-banner')}[data-keys=link]`);
    assert.match(await page.locator(sel('key-source')).innerText(), /from the shared link/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'link-refetch',
      'the focus moves to a button that stays',
    );
    assert.deepEqual(
      b.requestLog.slice(browserStart).map((r) => r.url),
      [mock.discoveryUrl('cors'), mock.jwksUrl('cors')],
      'going back to the link keys fetches nothing',
    );
  },
);
