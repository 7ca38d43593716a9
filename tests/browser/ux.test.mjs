// What a user sees in situations an exploratory review found wrong: a misspelt condition operator is not a green
// verdict; a success that depends on unchecked steps says so in its headline; a narrow screen has no horizontal
// scrolling and its Tab order is its reading order; millisecond timestamps are named as such.
//
// Run: node --test tests/browser/   (scripts/test does this after trunk build). TOKENSCOPE_DIST=DIR serves DIR instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'example');
const TOKEN = readFileSync(join(FIXTURES, 'token.jwt'), 'utf8').trim();
const VERDICT = '[data-testid=sts-verdict]';
const headline = (p) => p.locator(`${VERDICT} .verdict-headline`).innerText();

test('verdicts, narrow screens and typed times', { timeout: 180_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());

  await t.test('a misspelt condition operator gives no green verdict, and names the operator', async () => {
    const b = await openPage(server.url);
    try {
      const p = b.page;
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      const policy = await p.inputValue('[data-testid=policy-input]');
      await p.fill('[data-testid=policy-input]', policy.replace('"StringEquals"', '"StringEqual"'));
      await p.waitForSelector(`${VERDICT}[data-outcome=undetermined]`);
      assert.match(await p.locator(VERDICT).innerText(), /condition that cannot be read/);
      assert.match(await p.locator('[data-testid=policy-problems]').innerText(), /did you mean `?StringEquals`?\?/);
      await p.screenshot({ path: join(ARTIFACTS, 'ux-misspelt-operator.png'), fullPage: false });
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  });

  await t.test('without keys or a policy, the verdict is incomplete and says what would complete it', async () => {
    const b = await openPage(server.url);
    try {
      const p = b.page;
      await p.fill('[data-testid=token-input]', TOKEN);
      await p.waitForSelector(`${VERDICT}[data-outcome]:not([data-outcome=""])`);
      if ((await p.getAttribute(VERDICT, 'data-outcome')) !== 'incomplete') {
        // Evaluated today the example has expired: the verdict is that failure, not a success.
        assert.equal(await p.getAttribute(VERDICT, 'data-error-code'), 'ExpiredTokenException');
        await p.fill('[data-testid=eval-time]', '2026-11-20T10:00');
      }
      await p.waitForSelector(`${VERDICT}[data-outcome=incomplete]`);
      assert.match(await headline(p), /Incomplete/);
      assert.doesNotMatch(await headline(p), /STS would return credentials/);
      assert.equal(await p.locator(`${VERDICT}.verdict-incomplete`).count(), 1);
      const provisos = await p.locator('[data-testid=sts-provisos] li').allInnerTexts();
      assert.equal(provisos.length, 2, provisos.join(' | '));
      assert.match(provisos[0], /signature was not checked/);
      assert.match(provisos[1], /trust policy was not evaluated/);
      await p.locator(VERDICT).screenshot({ path: join(ARTIFACTS, 'ux-incomplete.png') });
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  });

  await t.test('an expired GitHub token: the fix speaks GitHub, and "then also" shows the subject mismatch', async () => {
    // A GitHub Actions token in its documented shape (GitHub OIDC docs: pull_request subject), copied from an earlier
    // run: it lives five minutes. No keys: the signature is not the subject here.
    const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const iat = 1795165200; // 2026-11-20T09:00:00Z
    const token = [
      b64({ alg: 'RS256', typ: 'JWT', kid: 'gh-test' }),
      b64({
        iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com',
        sub: 'repo:octo-org/octo-repo:pull_request', repository: 'octo-org/octo-repo', ref: 'refs/pull/7/merge',
        iat, nbf: iat, exp: iat + 300,
      }),
      Buffer.alloc(256, 7).toString('base64url'),
    ].join('.');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:ref:refs/heads/main',
        } },
      }],
    }, null, 2);
    const b = await openPage(server.url);
    try {
      const p = b.page;
      await p.fill('[data-testid=token-input]', token);
      await p.fill('[data-testid=policy-input]', policy);
      await p.fill('[data-testid=eval-time]', String(iat + 3600));
      await p.waitForSelector(`${VERDICT}[data-outcome=failure][data-error-code=ExpiredTokenException]`);
      const fix = await p.locator('[data-testid=sts-fix]').innerText();
      assert.match(fix, /request the token in the step that calls AWS/);
      assert.doesNotMatch(fix, /kubelet/);
      const also = p.locator('[data-testid=sts-also-failing] li');
      assert.equal(await also.count(), 1);
      assert.equal(await also.first().getAttribute('data-error-code'), 'AccessDenied');
      assert.match(await also.first().innerText(), /pull_request/);
      await p.locator(VERDICT).screenshot({ path: join(ARTIFACTS, 'ux-github-expired-then-also.png') });
      await p.click('[data-testid=eval-at-iat]');
      await p.waitForSelector(`${VERDICT}[data-outcome=failure][data-error-code=AccessDenied]`);
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  });

  await t.test('a 13-digit time is named as milliseconds, with the seconds it means', async () => {
    const b = await openPage(server.url);
    try {
      const p = b.page;
      await p.fill('[data-testid=eval-time]', '1795168800000');
      await p.waitForSelector('[data-testid=eval-time-error]');
      assert.match(await p.locator('[data-testid=eval-time-error]').innerText(), /as milliseconds it is 1795168800 s = 2026-11-20 10:00:00 UTC/);
    } finally {
      await b.close();
    }
  });

  await t.test('375 px: no horizontal scrolling, and Tab follows the reading order', async () => {
    const b = await openPage(server.url, { viewport: { width: 375, height: 800 } });
    try {
      const p = b.page;
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      const widths = await p.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
      assert.ok(widths.doc <= widths.view, `page ${widths.doc} px wide in a ${widths.view} px viewport`);
      await p.screenshot({ path: join(ARTIFACTS, 'ux-375.png'), fullPage: true });

      // Tab from the token input through the page: each next stop is not above the previous one.
      await p.focus('[data-testid=token-input]');
      let last = -Infinity;
      const stops = [];
      for (let i = 0; i < 60; i++) {
        await p.keyboard.press('Tab');
        const at = await p.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const r = el.getBoundingClientRect();
          return { top: r.top + window.scrollY, id: el.getAttribute('data-testid') || el.tagName.toLowerCase(), visible: r.width > 0 && r.height > 0 };
        });
        if (!at) break;
        if (!at.visible) continue;
        stops.push(`${at.id}@${Math.round(at.top)}`);
        assert.ok(at.top >= last - 1, `Tab went up the page: ${stops.slice(-3).join(' → ')}`);
        last = at.top;
      }
      assert.ok(stops.length >= 15, `only ${stops.length} Tab stops: ${stops.join(', ')}`);
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  });
});
