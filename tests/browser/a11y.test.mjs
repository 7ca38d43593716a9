// Accessibility: axe-core (npm, pinned in package.json) on the page's states — empty, the example, a failing verdict,
// the error box, share links opened by a recipient (a full one, and one without the signature) — in both themes and
// at 375 px; no serious or critical violation. And the skip link: the first Tab stop, it moves the focus to the
// verdict without touching the address bar.
//
// axe runs through the DevTools protocol (page.evaluate), so the page's Content-Security-Policy stays as it is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const VERDICT = '[data-testid=sts-verdict]';
// Links written by an earlier build (the frozen corpus): name, mode, outcome, …, link.
const LINKS = readFileSync(join(ROOT, 'tests', 'fixtures', 'links', 'build-2026-12-01-session9.tsv'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.split('\t'));
const link = (name, mode) => LINKS.find((r) => r[0] === name && r[1] === mode)?.at(-1);

/** Serious and critical violations on the page as it is, one line each. */
async function violations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

test('axe: no serious or critical violation in any state, theme or width', { timeout: 300_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  const states = [];
  for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 375], ['dark', 375]]) {
    const b = await openPage(server.url, { viewport: { width, height: 900 } });
    try {
      const p = b.page;
      await p.emulateMedia({ colorScheme: scheme });
      const check = async (state) => {
        const found = await violations(p);
        states.push(`${scheme} ${width}px ${state}`);
        assert.deepEqual(found, [], `${scheme}, ${width} px, ${state}`);
      };
      await p.waitForSelector('[data-testid=example-button]');
      await check('empty page');
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      await check('the example (success)');
      const policy = await p.inputValue('[data-testid=policy-input]');
      await p.fill('[data-testid=policy-input]', policy.replace(/system:serviceaccount:[^"]*/, 'system:serviceaccount:other:sa'));
      await p.waitForSelector(`${VERDICT}[data-outcome=failure]`);
      await check('a failing verdict with its suggested policy');
      await p.fill('[data-testid=token-input]', 'eyJhbGciOi.broken');
      await p.waitForSelector('[data-testid=decode-error]');
      await check('the error box');
      for (const mode of ['full', 'without_signature']) {
        await p.goto(`${server.url}#${link('expired-and-other-namespace', mode)}`);
        await p.waitForSelector(`${VERDICT}[data-outcome=failure]`);
        await check(`a share link (${mode})`);
      }
      assert.deepEqual(b.pageErrors, []);
    } finally {
      await b.close();
    }
  }
  t.diagnostic(`axe clean in ${states.length} states: ${states.join('; ')}`);
});

test('skip link: the first Tab stop moves the focus to the verdict and keeps the address', { timeout: 90_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(`${server.url}#${link('example', 'without_signature')}`);
  t.after(() => b.close());
  const p = b.page;
  await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
  const address = p.url();
  await p.keyboard.press('Tab');
  assert.equal(await p.evaluate(() => document.activeElement?.dataset?.testid), 'skip-to-verdict');
  assert.ok(await p.locator('[data-testid=skip-to-verdict]').isVisible(), 'the focused skip link is visible');
  await p.keyboard.press('Enter');
  assert.equal(await p.evaluate(() => document.activeElement?.id), 'verdict');
  assert.equal(p.url(), address, 'the share link stays in the address bar');
  assert.deepEqual(b.pageErrors, []);
});
