// Every issuer preset on the page (dist/, from `trunk build --release`): each sample token of
// tests/fixtures/issuers (PyJWT-signed by tests/fixtures/issuers/generate.py, expectations decided there from the
// issuers' documents) is pasted into the token box, the "Generate a trust policy" tool is opened, and the tool names
// the expected preset, splits `sub` into the expected parts and lists the expected condition keys.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const DIR = join(ROOT, 'tests', 'fixtures', 'issuers');
const CASES = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8'));
const HOST = '[data-testid=tools-host]';

test('every issuer preset is recognised on the page', { timeout: 300_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(server.url, { timeout: 30_000 });
  t.after(() => b.close());
  const { page } = b;
  await page.waitForSelector('[data-testid=token-input]');
  assert.ok(CASES.length >= 15, `${CASES.length} cases`);
  for (const c of CASES) {
    const token = readFileSync(join(DIR, c.token), 'utf8').trim();
    await page.fill('[data-testid=token-input]', token);
    await page.waitForSelector('[data-testid=claims-table]');
    await page.click('[data-testid=tool-generate]');
    await page.waitForSelector(`${HOST} [data-testid=issuer][data-preset="${c.preset}"]`, { timeout: 20_000 });
    // The preset's keys: those whose claim this token carries are listed, the others are listed apart as absent.
    const keys = await page.locator('[data-testid=condition-keys] li').allTextContents();
    const absent = await page.locator('[data-testid=absent-condition-keys] code').allTextContents();
    for (const key of c.condition_keys ?? []) {
      assert.ok(keys.includes(key) || absent.includes(key), `${c.name}: condition key ${key} in ${keys} or absent ${absent}`);
    }
    // A sub whose format the issuer does not document (Bitbucket) is not split: `subject_parts` is null.
    if ((c.subject_parts ?? []).length > 0) {
      const parts = await page.locator('[data-testid=subject-parts] tbody th').allTextContents();
      assert.deepEqual(parts, c.subject_parts.map(([name]) => name), `${c.name}: sub parts`);
    }
    // Every preset's token gets a policy; a built-in provider's names the provider itself.
    const policy = await page.locator(`${HOST} [data-testid=generated-policy]`).textContent({ timeout: 20_000 });
    const federated = JSON.parse(policy).Statement[0].Principal.Federated;
    if (c.name === 'google') assert.equal(federated, 'accounts.google.com');
    else if (c.name === 'cognito') assert.equal(federated, 'cognito-identity.amazonaws.com');
    else assert.match(federated, /^arn:aws:iam::111122223333:oidc-provider\//, `${c.name}: ${federated}`);
    if (c.name === 'gitlab_com_branch' || c.name === 'google') {
      await page.locator('[data-testid=issuer]').screenshot({ path: join(ARTIFACTS, `preset-${c.name}.png`) });
    }
  }
  assert.deepEqual(b.foreignRequests(), [], 'nothing off the origin');
  assert.deepEqual(b.pageErrors, []);
});
