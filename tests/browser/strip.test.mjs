// The STS pipeline strip in the verdict: one mark per step (pass, fail, not reached, not run), each a link to the
// step's detail that keeps the address bar as it is. Screenshots at 1280 and 375 px in tests/browser/artifacts/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const TOKEN = readFileSync(join(ROOT, 'tests', 'fixtures', 'example', 'token.jwt'), 'utf8').trim();
const VERDICT = '[data-testid=sts-verdict]';
const marks = (page) =>
  page.$$eval('[data-testid=sts-strip] [data-strip-step]', (els) => Object.fromEntries(els.map((e) => [e.dataset.stripStep, e.dataset.mark])));

test('pipeline strip: each step marked, each a link to its detail', { timeout: 120_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  for (const width of [1280, 375]) {
    const b = await openPage(server.url, { viewport: { width, height: 900 } });
    try {
      const p = b.page;
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      const all = await marks(p);
      assert.deepEqual(Object.keys(all), ['request', 'provider', 'audience', 'signature', 'time', 'trust_policy', 'session']);
      assert.ok(Object.values(all).every((m) => m === 'pass'), JSON.stringify(all));

      // A policy for another namespace: the trust policy fails and decides; the step after it is not reached.
      const policy = await p.inputValue('[data-testid=policy-input]');
      await p.fill('[data-testid=policy-input]', policy.replace(/system:serviceaccount:[^"]*/, 'system:serviceaccount:other:sa'));
      await p.waitForSelector(`${VERDICT}[data-outcome=failure]`);
      const failing = await marks(p);
      assert.equal(failing.trust_policy, 'fail');
      assert.equal(failing.session, 'not-reached');
      assert.equal(failing.signature, 'pass');
      // The trace agrees: the session step shows its own result, marked as not reached by STS; the
      // deciding step and those before it are reached.
      const reached = await p.$$eval('[data-testid=sts-trace] li.step', (els) =>
        Object.fromEntries(els.map((e) => [e.dataset.step, [e.dataset.reached, e.querySelector('[data-testid=step-not-reached]')?.textContent ?? null]])));
      assert.deepEqual(reached.session, ['false', 'not reached by STS'], JSON.stringify(reached));
      // The strip says what the step says on its own, so it never seems to contradict the panels.
      assert.match(await p.getAttribute('[data-strip-step=session] a', 'title'), /not reached.*on its own, it passes/);
      assert.deepEqual(reached.trust_policy, ['true', null], JSON.stringify(reached));
      assert.deepEqual(reached.signature, ['true', null], JSON.stringify(reached));
      await p.locator('.panel-verdict').screenshot({ path: join(ARTIFACTS, `strip-failure-${width}.png`) });

      // Each mark is a link to its step: the focus moves there, the address bar does not change.
      const address = p.url();
      await p.click('[data-strip-step=trust_policy] a');
      assert.equal(await p.evaluate(() => document.activeElement?.id), 'step-trust_policy');
      assert.equal(p.url(), address);
      assert.match(await p.getAttribute('[data-strip-step=trust_policy] a', 'title'), /fails/);

      // No keys and no policy: the steps that could not run are marked so.
      await p.fill('[data-testid=policy-input]', '');
      await p.click('[data-testid=clear-button]');
      await p.fill('[data-testid=token-input]', TOKEN);
      await p.fill('[data-testid=eval-time]', '2026-11-20T10:00');
      await p.waitForSelector(`${VERDICT}[data-outcome=incomplete]`);
      const partial = await marks(p);
      assert.equal(partial.signature, 'not-run', JSON.stringify(partial));
      assert.equal(partial.trust_policy, 'not-run', JSON.stringify(partial));
      await p.locator('.panel-verdict').screenshot({ path: join(ARTIFACTS, `strip-incomplete-${width}.png`) });
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  }
});
