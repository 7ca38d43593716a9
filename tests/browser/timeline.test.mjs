// The token's life as a timeline (iat, nbf, warnafter, exp and the evaluation time), the evaluation time movable on
// it with a slider: moving it past `exp` turns the verdict into ExpiredTokenException, and back again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const VERDICT = '[data-testid=sts-verdict]';

test('timeline: the instants of the token, and the evaluation time moved on it', { timeout: 90_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(server.url);
  t.after(() => b.close());
  const p = b.page;
  await p.click('[data-testid=example-button]');
  await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
  const points = await p.$$eval('[data-testid=timeline] [data-point]', (els) => els.map((e) => [e.dataset.point, Number(e.dataset.unix)]));
  const names = points.map((x) => x[0]);
  for (const n of ['iat', 'warnafter', 'exp']) assert.ok(names.includes(n), `${n} on the timeline: ${names}`);
  const exp = points.find((x) => x[0] === 'exp')[1];
  const iat = points.find((x) => x[0] === 'iat')[1];
  assert.ok(points.every((x, i) => i === 0 || points[i - 1][1] <= x[1]), 'instants in time order');
  assert.equal(await p.getAttribute('[data-testid=timeline]', 'data-state'), 'valid');
  assert.match(await p.getAttribute('[data-testid=timeline] svg', 'aria-label'), /exp \d{4}-\d\d-\d\d/);
  await p.locator('.panel-eval').screenshot({ path: join(ARTIFACTS, 'timeline-valid.png') });

  // Slide past exp: expired, in the verdict and on the timeline.
  const slide = async (to) => {
    await p.$eval('[data-testid=timeline-slider]', (el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, to);
  };
  await slide(exp + 60);
  await p.waitForSelector(`${VERDICT}[data-error-code=ExpiredTokenException]`);
  assert.equal(Number(await p.getAttribute('[data-testid=eval-time-parsed]', 'data-unix')), exp + 60);
  assert.equal(await p.getAttribute('[data-testid=timeline]', 'data-state'), 'invalid');
  // A screen reader hears the instant, not unix seconds.
  assert.match(await p.getAttribute('[data-testid=timeline-slider]', 'aria-valuetext'), /^evaluated at \d{4}-\d\d-\d\d/);
  await p.locator('.panel-eval').screenshot({ path: join(ARTIFACTS, 'timeline-expired.png') });
  // And back inside the token's life.
  await slide(iat + 60);
  await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
  assert.equal(Number(await p.getAttribute('[data-testid=timeline-at]', 'data-unix')), iat + 60);
  assert.deepEqual(b.pageErrors, []);
});
