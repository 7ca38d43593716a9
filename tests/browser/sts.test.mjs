// The STS verdict through the page (dist/, from `trunk build --release`): the built-in example succeeds; a policy for
// another namespace, a wrong audience, a missing IAM OIDC provider and an expired token each give the exact AWS error;
// "Apply suggested fix" turns a failure into a success; an unreadable policy points at its line and column; a
// look-alike letter in the policy is named, marked and replaced by the token's plain value; a RIGHT-TO-LEFT
// OVERRIDE in the token's `sub` is never written into the policy and the verdict never turns green.
//
// Run: node --test tests/browser/   (scripts/test does this after trunk build). TOKENSCOPE_DIST=DIR serves DIR instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, startDist } from './server.mjs';
import { openPage } from './browser.mjs';
import { decodePayload, EXAMPLE_DIR, loadSigningKey, signToken } from './mock-issuer.mjs';


const ISS = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF012345678';
const SUB = 'system:serviceaccount:payments:api';
const EXP = 1795251600; // 2026-11-21T09:00:00Z

const isFaviconNoise = (msg) => /\/favicon\.ico\b/.test(msg);
const VERDICT = '[data-testid=sts-verdict]';

/** Waits for the verdict to show `outcome` (and `code`, when given) and returns its text. */
async function verdict(page, outcome, code) {
  const sel = code === undefined ? `${VERDICT}[data-outcome="${outcome}"]` : `${VERDICT}[data-outcome="${outcome}"][data-error-code="${code}"]`;
  await page.waitForSelector(sel, { timeout: 10_000 });
  return page.textContent(VERDICT);
}

/** Loads the example (token, keys, policy, default settings) and waits for its success verdict. */
async function loadExample(page) {
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=signature-status][data-status=valid]', { timeout: 10_000 });
  return verdict(page, 'success', '');
}

test('STS verdict through the page', { timeout: 180_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(server.url);
  t.after(() => b.close());
  const { page } = b;
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  await t.test('before a token: the verdict asks for one', async () => {
    const text = await verdict(page, '');
    assert.match(text, /paste a token/i);
  });

  await t.test('the example: STS would return credentials', async () => {
    const text = await loadExample(page);
    assert.match(text, /STS would return credentials/);
    // The trace lists every step in pipeline order, none of them deciding.
    const steps = await page.$$eval('[data-testid=sts-trace] [data-step]', (els) => els.map((e) => e.dataset.step));
    assert.deepEqual(steps, ['request', 'provider', 'audience', 'signature', 'time', 'trust_policy', 'session']);
    assert.equal(await page.locator('[data-step][data-deciding=true]').count(), 0);
    // The assumption about the account is shown, apart from the facts.
    assert.match(await page.textContent('[data-testid=sts-assumptions]'), /111122223333/);
    assert.match(await page.textContent('[data-testid=settings-assumptions]'), /Federated/);
    // Settings are prefilled from the token and the core's defaults.
    assert.equal(await page.inputValue('[data-testid=provider-url]'), ISS);
    assert.equal(await page.inputValue('[data-testid=client-ids]'), 'sts.amazonaws.com');
    assert.equal(await page.inputValue('[data-testid=session-name]'), 'tokenscope-session');
    assert.equal(await page.inputValue('[data-testid=max-session]'), '3600');
    assert.equal(await page.inputValue('[data-testid=duration]'), '');
    // While the provider settings follow the token, the success says what it takes for granted.
    assert.match(await page.textContent('.verdict-headline'), /credentials, if the role's account has this issuer's IAM OIDC provider \(assumed, not given\)/);
    assert.equal(await page.locator('.verdict-provisional').count(), 1);
    // The verdict points at the caveats and assumptions, which are in the "Not facts" box.
    assert.match(await page.textContent('[data-testid=not-facts-link]'), /caveats? where AWS documents nothing and \d+ assumptions?/);
    assert.equal(await page.getAttribute('[data-testid=not-facts-link] a', 'href'), '#not-facts');
    assert.equal(await page.locator('#not-facts[data-testid=sts-caveats]').count(), 1);
    await shot('sts-success');
    // Entered (here: the account's provider is the one the token names), the success is unqualified.
    await page.fill('[data-testid=provider-url]', ISS);
    await page.fill('[data-testid=client-ids]', 'sts.amazonaws.com');
    await page.waitForFunction(() => document.querySelector('.verdict-headline')?.textContent === '✓ STS would return credentials');
    assert.equal(await page.locator('.verdict-success').count(), 1);
  });

  await t.test('policy for another namespace: AccessDenied naming the token sub; the suggested fix succeeds', async () => {
    await loadExample(page);
    const policy = await page.inputValue('[data-testid=policy-input]');
    assert.ok(policy.includes(SUB), 'the example policy names the token subject');
    await page.fill('[data-testid=policy-input]', policy.replace(SUB, 'system:serviceaccount:default:api'));
    const text = await verdict(page, 'failure', 'AccessDenied');
    assert.ok(text.includes(SUB), `the verdict names the token's actual sub: ${text}`);
    assert.equal(
      await page.textContent('[data-testid=sts-message]'),
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    assert.equal(await page.textContent('[data-testid=sts-http-status]'), '403');
    assert.equal(await page.getAttribute('[data-testid=sts-failure-mode]', 'data-mode'), 'subject-mismatch');
    // The trust-policy step decides; the failing condition shows the token's value.
    assert.equal(await page.getAttribute('[data-step=trust_policy]', 'data-deciding'), 'true');
    const failing = page.locator('[data-step=trust_policy] .condition[data-result=false]');
    assert.equal(await failing.count(), 1);
    assert.ok((await failing.textContent()).includes(SUB));
    // The suggestion is shown as a diff and as the whole policy.
    assert.match(await page.textContent('[data-testid=suggested-policy-diff]'), /default:api[\s\S]*payments:api/);
    assert.ok((await page.textContent('[data-testid=suggested-policy]')).includes(SUB));
    await shot('sts-namespace-mismatch');

    await page.click('[data-testid=apply-fix]');
    await verdict(page, 'success', '');
    assert.ok((await page.inputValue('[data-testid=policy-input]')).includes(SUB));
    assert.equal(await page.locator('[data-testid=apply-fix]').count(), 0, 'no fix left to apply');
    await shot('sts-namespace-fixed');
    // Undo takes the fix back: the policy as typed, the failure again; then the offer is gone.
    assert.equal(await page.getAttribute('[data-testid=undo-bar]', 'data-undo'), 'fix');
    await page.click('[data-testid=undo]');
    await verdict(page, 'failure', 'AccessDenied');
    assert.ok((await page.inputValue('[data-testid=policy-input]')).includes('system:serviceaccount:default:api'));
    assert.equal(await page.locator('[data-testid=undo-bar]').count(), 0);
    await page.click('[data-testid=apply-fix]');
    await verdict(page, 'success', '');
  });

  await t.test('a policy wrong in two places: the fix lists each change on its own line, and applying it succeeds', async () => {
    await loadExample(page);
    const policy = await page.inputValue('[data-testid=policy-input]');
    // Another cluster's provider in Federated, and another service account in the condition.
    const other = policy
      .replace(/oidc-provider\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com\/id\/[0-9A-Za-z]+/, 'oidc-provider/oidc.eks.$1.amazonaws.com/id/0000000000000000000000000000AAAA')
      .replace(SUB, 'system:serviceaccount:default:api');
    assert.notEqual(other, policy.replace(SUB, 'system:serviceaccount:default:api'), 'the provider changed too');
    await page.fill('[data-testid=policy-input]', other);
    await verdict(page, 'failure', 'AccessDenied');
    assert.equal(await page.getAttribute('[data-testid=sts-fix]', 'data-items'), '2');
    const items = await page.locator('[data-testid=sts-fix] .fix-list li').allTextContents();
    assert.equal(items.length, 2, items.join(' | '));
    assert.match(items.join('\n'), /payments:api/);
    await page.click('[data-testid=apply-fix]');
    await verdict(page, 'success', '');
  });

  await t.test('a Cyrillic а (U+0430) in the policy: named, marked, and the fix writes the plain ASCII value', async () => {
    await loadExample(page);
    const policy = await page.inputValue('[data-testid=policy-input]');
    const lookAlike = SUB.replace(/:api$/, ':\u0430pi');
    assert.notEqual(lookAlike, SUB);
    await page.fill('[data-testid=policy-input]', policy.replace(SUB, lookAlike));
    await verdict(page, 'failure', 'AccessDenied');
    const fix = await page.textContent('[data-testid=sts-fix]');
    assert.match(fix, /U\+0430 CYRILLIC SMALL LETTER A/, `the fix names the look-alike letter: ${fix}`);
    assert.match(fix, /looks like/);
    // The failing condition marks the differing character on both sides and names it.
    const failing = page.locator('[data-step=trust_policy] .condition[data-result=false]');
    assert.equal(await failing.count(), 1);
    const marks = await failing.locator('mark[data-testid=diff-mark]').allTextContents();
    assert.deepEqual(marks, ['\u0430', 'a'], 'the policy value marks а, the request value marks a');
    assert.match(await failing.locator('[data-testid=confusable-note]').first().textContent(), /U\+0430/);
    await shot('sts-look-alike-policy');

    await page.click('[data-testid=apply-fix]');
    await verdict(page, 'success', '');
    const fixed = await page.inputValue('[data-testid=policy-input]');
    assert.ok(fixed.includes(SUB), 'the suggested policy names the ASCII subject');
    assert.ok(!fixed.includes('\u0430'), 'the look-alike letter is gone from the policy');
  });

  await t.test('a RIGHT-TO-LEFT OVERRIDE in the token sub: never written into the policy, never green', async () => {
    await loadExample(page);
    // The example token with U+202E appended to its sub, signed with the example's TEST-ONLY key by node:crypto.
    const key = loadSigningKey();
    const claims = { ...decodePayload(readFileSync(join(EXAMPLE_DIR, 'token.jwt'), 'utf8')) };
    claims.sub = `${SUB}\u202E`;
    await page.fill('[data-testid=token-input]', signToken(claims, key));
    await page.fill('[data-testid=jwks-input]', readFileSync(join(EXAMPLE_DIR, 'jwks.json'), 'utf8'));
    // Within the token's lifetime, so that the trust policy decides.
    await page.fill('[data-testid=eval-time]', String(claims.iat + 60));
    await verdict(page, 'failure', 'AccessDenied');
    const fix = await page.textContent('[data-testid=sts-fix]');
    assert.match(fix, /U\+202E RIGHT-TO-LEFT OVERRIDE/, `the fix names the override: ${fix}`);
    assert.match(fix, /no suggested policy copies it/);
    assert.ok(!fix.includes('\u202E'), 'the fix shows the override as ⟨U+202E⟩, never raw');
    // No suggested policy is offered with the override in it.
    if ((await page.locator('[data-testid=suggested-policy]').count()) > 0) {
      assert.ok(!(await page.textContent('[data-testid=suggested-policy]')).includes('\u202E'));
    }
    await shot('sts-bidi-sub');
    if ((await page.locator('[data-testid=apply-fix]').count()) > 0) {
      await page.click('[data-testid=apply-fix]');
    }
    assert.ok(!(await page.inputValue('[data-testid=policy-input]')).includes('\u202E'), 'the policy never holds U+202E');
    await page.waitForSelector(`${VERDICT}[data-outcome]`);
    assert.notEqual(await page.getAttribute(VERDICT, 'data-outcome'), 'success', 'the verdict never turns green');
    assert.equal(await page.locator('.verdict-success').count(), 0);
  });

  await t.test('client IDs without the token audience: InvalidIdentityToken, Incorrect token audience', async () => {
    await loadExample(page);
    await page.fill('[data-testid=client-ids]', 'other');
    await verdict(page, 'failure', 'InvalidIdentityToken');
    assert.equal(await page.textContent('[data-testid=sts-message]'), 'Incorrect token audience');
    assert.equal(await page.getAttribute('[data-step=audience]', 'data-deciding'), 'true');
    await shot('sts-wrong-audience');
    await page.click('[data-testid=apply-fix]');
    await verdict(page, 'success', '');
    // The token's audience is added; the provider's other client IDs stay.
    assert.equal(await page.inputValue('[data-testid=client-ids]'), 'other, sts.amazonaws.com');
  });

  await t.test('no IAM OIDC provider: No OpenIDConnect provider found in your account for <iss>', async () => {
    await loadExample(page);
    await page.fill('[data-testid=provider-url]', '');
    await verdict(page, 'failure', 'InvalidIdentityToken');
    assert.equal(
      await page.textContent('[data-testid=sts-message]'),
      `No OpenIDConnect provider found in your account for ${ISS}`,
    );
    assert.equal(await page.getAttribute('[data-testid=sts-failure-mode]', 'data-mode'), 'no-provider');
    await shot('sts-no-provider');
    // The provider URL no longer follows the token; the fix puts the issuer back.
    await page.click('[data-testid=apply-fix]');
    await verdict(page, 'success', '');
    assert.equal(await page.inputValue('[data-testid=provider-url]'), ISS);
  });

  await t.test('evaluated after exp: ExpiredTokenException with the exact message', async () => {
    await loadExample(page);
    await page.fill('[data-testid=eval-time]', String(EXP + 1));
    await verdict(page, 'failure', 'ExpiredTokenException');
    // Byte-exact, including the missing space before the second number.
    assert.equal(
      await page.textContent('[data-testid=sts-message]'),
      `Token expired: current date/time ${EXP + 1} must be before the expiration date/time${EXP}`,
    );
    assert.equal(await page.getAttribute('[data-step=time]', 'data-deciding'), 'true');
    assert.equal(await page.getAttribute('[data-testid=sts-failure-mode]', 'data-mode'), 'token-expired');
    assert.match(await page.textContent('[data-testid=sts-failure-mode]'), /The token has expired/);
    // A Kubernetes token's fix speaks of the kubelet.
    assert.match(await page.textContent('[data-testid=sts-fix]'), /kubelet/);
    await shot('sts-expired');
  });

  await t.test('expired with a policy for another namespace: "then also" lists the policy; one click evaluates at iat', async () => {
    await loadExample(page);
    const policy = await page.inputValue('[data-testid=policy-input]');
    await page.fill('[data-testid=policy-input]', policy.replace(SUB, 'system:serviceaccount:default:api'));
    await page.fill('[data-testid=eval-time]', String(EXP + 1));
    await verdict(page, 'failure', 'ExpiredTokenException');
    const also = page.locator('[data-testid=sts-also-failing] li');
    assert.equal(await also.count(), 1);
    assert.equal(await also.first().getAttribute('data-step'), 'trust_policy');
    assert.equal(await also.first().getAttribute('data-error-code'), 'AccessDenied');
    assert.match(await also.first().innerText(), /subject does not match/);
    await shot('sts-expired-then-also');
    await page.click('[data-testid=eval-at-iat]');
    await verdict(page, 'failure', 'AccessDenied');
    assert.equal(await page.locator('[data-testid=sts-also-failing]').count(), 0);
    assert.equal(await page.locator('[data-testid=eval-at-iat]').count(), 0);
  });

  await t.test('the issuer answers HTTP 404 to "Fetch keys": Couldn\'t retrieve verification key', async () => {
    await loadExample(page);
    // The issuer is answered locally (never over the network): a 404 the page can read (CORS allowed).
    const discovery = `${ISS}/.well-known/openid-configuration`;
    const seen = [];
    await page.route(discovery, (route) => {
      seen.push(route.request().url());
      return route.fulfill({ status: 404, headers: { 'access-control-allow-origin': '*' }, body: 'not found' });
    });
    try {
      await page.click('[data-testid=fetch-keys]');
      await page.waitForSelector('[data-testid=fetch-status][data-state=failed]');
      await verdict(page, 'failure', 'InvalidIdentityToken');
      // Two spaces after the comma, as STS sends it.
      assert.equal(
        await page.textContent('[data-testid=sts-message]'),
        "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
      );
      assert.equal(await page.getAttribute('[data-testid=sts-failure-mode]', 'data-mode'), 'keys-unreachable');
      assert.match(await page.textContent('[data-step=signature]'), /the issuer answered HTTP 404/);
      assert.deepEqual(seen, [discovery], 'one request, on the click, to the discovery URL');
      await shot('sts-keys-404');

      // The failed fetch is part of the diagnosis: a share link reproduces it in a fresh browser, with no request.
      await page.click('[data-testid=share-button]');
      await page.waitForSelector('[data-testid=share-url]');
      const link = await page.inputValue('[data-testid=share-url]');
      const fresh = await openPage(link);
      try {
        const p = fresh.page;
        await p.waitForSelector('[data-testid=link-banner][data-state=opened]');
        await p.waitForSelector(`${VERDICT}[data-outcome=failure][data-error-code=InvalidIdentityToken]`);
        assert.equal(await p.getAttribute('[data-testid=sts-failure-mode]', 'data-mode'), 'keys-unreachable');
        assert.equal(await p.textContent('[data-testid=sts-message]'), await page.textContent('[data-testid=sts-message]'));
        assert.match(await p.textContent('[data-step=signature]'), /the issuer answered HTTP 404/);
        await p.waitForSelector('[data-testid=fetch-status][data-state=failed]');
        assert.deepEqual(fresh.foreignRequests(), [], 'opening the link requested something off the page origin');
        assert.deepEqual(fresh.pageErrors, []);
      } finally {
        await fresh.close();
      }
    } finally {
      await page.unroute(discovery);
    }
  });

  await t.test('an unreadable policy: line and column shown, the rest of the page keeps working', async () => {
    await loadExample(page);
    const policy = await page.inputValue('[data-testid=policy-input]');
    // Drop the comma after "Version": the error is on line 3.
    await page.fill('[data-testid=policy-input]', policy.replace('"2012-10-17",', '"2012-10-17"'));
    await page.waitForSelector('[data-testid=policy-error]');
    assert.equal(await page.getAttribute('[data-testid=policy-error]', 'data-line'), '3');
    assert.match(await page.textContent('[data-testid=policy-error]'), /line 3, column \d+: /);
    await verdict(page, '');
    assert.match(await page.textContent(VERDICT), /trust policy cannot be read \(line 3, column \d+\)/);
    // Signature, claims and settings still work.
    assert.equal(await page.getAttribute('[data-testid=signature-status]', 'data-status'), 'valid');
    await page.fill('[data-testid=policy-input]', policy);
    await verdict(page, 'success', '');
    await page.fill('[data-testid=policy-input]', policy.replace('"2012-10-17",', '"2012-10-17"'));
    await page.waitForSelector('[data-testid=policy-error]');
    await shot('sts-policy-error');
  });

  await t.test('the page stayed on its own origin, without errors', () => {
    // The only request off the page's origin is the discovery URL on the click above (answered locally).
    const discovery = `${ISS}/.well-known/openid-configuration`;
    assert.deepEqual(b.foreignRequests(), [discovery], `requests off the page's origin ${b.origin}`);
    assert.deepEqual(b.pageErrors, [], 'uncaught errors on the page');
    // Chromium logs the 404 answered above as a console error; anything else is the page's fault.
    const expected404 = (m) => m.includes('status of 404') && m.includes(discovery);
    assert.deepEqual(b.consoleErrors.filter((m) => !isFaviconNoise(m) && !expected404(m)), [], 'console errors on the page');
  });
});
