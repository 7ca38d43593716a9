// "Which mechanism is this?" on the page itself: a trust policy for EKS Pod Identity pasted into the IRSA
// simulation gets a fix that offers two ways (the EKS Pod Identity tool, or a statement for the cluster's IAM OIDC
// provider: the suggested policy, labelled as way 2) and a note under the verdict (the core's `policy_pod_identity`
// finding) with a button that opens the EKS Pod Identity tool on that policy; the IRSA example gets none. A person's ID token (`person_id_token`) points
// to the EKS cluster sign-in tool.
//
// Run on the built page (dist/, from `trunk build --release`): node --test tests/browser/mechanism.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const HOST = '[data-testid=tools-host]';
const POD_IDENTITY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
  }],
}, null, 2);

test('a Pod Identity trust policy in the IRSA page points to the Pod Identity tool, which opens on it', { timeout: 120_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(server.url, { viewport: { width: 1280, height: 900 } });
  t.after(() => b.close());
  const { page } = b;
  await page.waitForSelector('[data-testid=example-button]');
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
  assert.equal(await page.locator('[data-testid=tool-suggestion]').count(), 0, 'no note for an IRSA policy');

  await page.fill('[data-testid=policy-input]', POD_IDENTITY_POLICY);
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=failure]');
  // The verdict stays AWS's (AccessDenied); its fix says the policy is for Pod Identity and offers two ways,
  // and the suggested policy is labelled as the second (a statement for the cluster's IAM OIDC provider added).
  assert.equal(await page.getAttribute('[data-testid=sts-verdict]', 'data-error-code'), 'AccessDenied');
  const fix = await page.textContent('[data-testid=sts-fix]');
  assert.match(fix, /this policy is for EKS Pod Identity/);
  assert.match(fix, /Pod Identity does not use this token/);
  assert.match(fix, /EKS Pod Identity tool/);
  assert.match(fix, /if IRSA is intended, add a statement that trusts the cluster's IAM OIDC provider/);
  assert.match(await page.textContent('[data-testid=suggested-fix-label]'), /^Way 2, if IRSA/);
  assert.match(await page.textContent('[data-testid=suggested-policy]'), /pods\.eks\.amazonaws\.com/, 'the Pod Identity statement stays');
  const note = page.locator('[data-testid=tool-suggestion]');
  await note.waitFor();
  assert.equal(await note.getAttribute('data-tool'), 'pod-identity');
  assert.match(await note.textContent(), /EKS Pod Identity: it trusts the service `pods\.eks\.amazonaws\.com`, not a token/);
  assert.equal(await note.locator('code').count(), 1, 'the service name as code');
  // The note follows the verdict, in reading order.
  const order = await page.evaluate(() => {
    const v = document.querySelector('[data-testid=sts-verdict]');
    const n = document.querySelector('[data-testid=tool-suggestion]');
    return Boolean(v.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(order, 'the note comes after the verdict');
  await note.screenshot({ path: join(ARTIFACTS, 'mechanism-pod-identity-note.png') });

  await page.click('[data-testid=tool-suggestion-open]');
  await page.waitForSelector(`${HOST} [data-testid=tool-panel-pod-identity]`, { timeout: 20_000 });
  // The tool opened from the note has the focus on its heading, which names it.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'tool-heading');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'EKS Pod Identity');
  assert.equal(await page.inputValue(`${HOST} [data-testid=pi-policy]`), POD_IDENTITY_POLICY);
  assert.equal(await page.getAttribute(`${HOST} [data-testid=mechanism]`, 'data-mechanism'), 'pod_identity');
  assert.deepEqual(b.foreignRequests(), [], 'nothing off the origin');
  assert.deepEqual(b.pageErrors, []);
});

test("a person's ID token points to the EKS cluster sign-in tool, which opens on it", { timeout: 120_000 }, async (t) => {
  // A sign-in token of tests/fixtures/eks_modes (made with pyca/cryptography and PyJWT by its generate.py).
  const cases = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'eks_modes', 'cluster_auth', 'cases.json'), 'utf8'));
  const person = cases.find((c) => c.name === 'accepted_email');
  assert.ok(person, 'the accepted_email case');
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(server.url, { viewport: { width: 375, height: 667 } });
  t.after(() => b.close());
  const { page } = b;
  await page.waitForSelector('[data-testid=token-input]');
  await page.fill('[data-testid=token-input]', person.token);
  const note = page.locator('[data-testid=tool-suggestion]');
  await note.waitFor();
  assert.equal(await note.getAttribute('data-tool'), 'cluster-auth');
  assert.match(await note.textContent(), /a person's ID token \(`email`, `groups`\): for STS, or for signing in to a cluster\?/);
  assert.equal(await note.locator('code').count(), 2, 'the claims as code');
  await note.screenshot({ path: join(ARTIFACTS, 'mechanism-person-token-note-375.png') });
  await page.click('[data-testid=tool-suggestion-open]');
  await page.waitForSelector(`${HOST} [data-testid=tool-panel-cluster-auth]`, { timeout: 20_000 });
  assert.equal(await page.inputValue(`${HOST} #ca-token`), person.token);
  // With the case's configuration the API server would accept it, as the case says.
  await page.fill(`${HOST} #ca-config`, JSON.stringify(person.config));
  await page.waitForSelector(`${HOST} [data-testid=ca-report]`);
  assert.deepEqual(b.foreignRequests(), [], 'nothing off the origin');
  assert.deepEqual(b.pageErrors, []);
});
