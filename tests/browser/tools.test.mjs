// The tools module (src/bin/tokenscope-tools.rs, a WebAssembly module of its own): loaded by the page only when a
// tool is first opened, from the page's own origin; each tool driven by a user's clicks, screenshot at 1280 and
// 375 px (tests/browser/artifacts/tool-*.png) and checked with axe-core (no serious or critical violation).
//
// Run on the built page (dist/, from `trunk build --release`): node --test tests/browser/tools.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const HOST = '[data-testid=tools-host]';
const isFaviconNoise = (msg) => /\/favicon\.ico\b/.test(msg);

/** The built page served and opened in a fresh browser at `width`, both closed when test `t` ends. */
async function served(t, width = 1280) {
  const server = await startDist();
  t.after(() => server.close());
  const b = await openPage(server.url, { viewport: { width, height: 900 } });
  t.after(() => b.close());
  await b.page.waitForSelector('[data-testid=example-button]');
  return b;
}

/** Loads the example, then opens `tool` and waits for its panel. */
async function openTool(b, tool, { example = true } = {}) {
  const { page } = b;
  if (example) {
    await page.click('[data-testid=example-button]');
    await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
  }
  await page.click(`[data-testid=tool-${tool}]`);
  await page.waitForSelector(`${HOST} [data-testid=tool-panel-${tool}]`, { timeout: 20_000 });
  assert.equal(await page.getAttribute(HOST, 'data-state'), 'ready');
}

/** Serious and critical axe violations on the page as it is, one line each. */
async function violations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Screenshots of the tool at 1280 and 375 px, and axe at both widths. */
async function shotsAndAxe(t, tool, prepare) {
  for (const width of [1280, 375]) {
    const b = await served(t, width);
    await openTool(b, tool);
    if (prepare) await prepare(b.page);
    assert.deepEqual(await violations(b.page), [], `axe on ${tool} at ${width} px`);
    await b.page.locator(HOST).screenshot({ path: join(ARTIFACTS, `tool-${tool}-${width}.png`) });
    assert.deepEqual(b.pageErrors, [], `uncaught errors with ${tool} at ${width} px`);
  }
}

test('the tools module is requested only after the first tool click, from the page origin', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  const tools = () => b.requests.filter((u) => /tokenscope-tools/.test(u));
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
  assert.deepEqual(tools(), [], 'nothing of the tools before a tool is opened');
  assert.equal(await page.locator(`${HOST} *`).count(), 0, 'the host is empty before a tool is opened');

  await openTool(b, 'generate', { example: false });
  for (const name of ['tokenscope-tools.js', 'tokenscope-tools_loader.js', 'tokenscope-tools_bg.wasm']) {
    assert.equal(tools().filter((u) => u.endsWith(`/${name}`)).length, 1, `${name} requested once: ${JSON.stringify(tools())}`);
  }
  // Opening it again reuses the module.
  await page.click('[data-testid=tool-generate]');
  await page.waitForSelector(`${HOST} [data-testid=tool-panel-generate]`);
  assert.equal(tools().length, 3, `no second load: ${JSON.stringify(tools())}`);
  assert.equal(await page.locator(`${HOST} [data-testid=tool-panel-generate]`).count(), 1, 'one tool mounted');

  assert.deepEqual(b.foreignRequests(), [], `requests off the page's origin ${b.origin}`);
  assert.deepEqual(b.pageErrors, [], 'uncaught errors on the page');
  assert.deepEqual(b.consoleErrors.filter((m) => !isFaviconNoise(m)), [], 'console errors on the page');
});

test('generate: the example\'s issuer, a policy that admits it and refuses its siblings, four formats', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'generate');
  // The issuer preset and the sub split into parts.
  assert.equal(await page.getAttribute('[data-testid=issuer]', 'data-preset'), 'eks');
  const parts = await page.locator('[data-testid=subject-parts] tbody th').allTextContents();
  assert.ok(parts.includes('namespace') && parts.includes('service account'), `sub parts: ${parts}`);
  const keys = await page.locator('[data-testid=condition-keys] li').allTextContents();
  assert.ok(keys.some((k) => /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[A-Z0-9]+:sub$/.test(k)), `condition keys: ${keys}`);
  assert.equal(await page.getAttribute('[data-testid=mechanism]', 'data-mechanism'), 'irsa');

  // The proof: the token admitted, a sibling in another namespace refused.
  const verdict = (s) => page.getAttribute(`[data-testid=proof] tr[data-sibling=${s}]`, 'data-verdict');
  assert.equal(await verdict('this'), 'admitted');
  assert.equal(await verdict('other_namespace'), 'refused');
  assert.equal(await verdict('other_service_account'), 'refused');

  // Namespace scope: another service account of the namespace is admitted too.
  await page.selectOption('[data-testid=generate-scope]', 'namespace');
  await page.waitForSelector('[data-testid=proof] tr[data-sibling=other_service_account][data-verdict=admitted]');
  assert.match(await page.textContent('[data-testid=generated-policy]'), /StringLike/);
  await page.selectOption('[data-testid=generate-scope]', 'exact');
  await page.waitForSelector('[data-testid=proof] tr[data-sibling=other_service_account][data-verdict=refused]');

  // A bad account id says what was expected.
  await page.fill('[data-testid=generate-account]', '12345');
  assert.match(await page.textContent('[data-testid=generate-error]'), /expected 12 digits, found `12345`/);
  await page.fill('[data-testid=generate-account]', '123456789012');
  await page.waitForSelector('[data-testid=generated-policy]');
  assert.match(await page.textContent('[data-testid=generated-policy]'), /arn:aws:iam::123456789012:oidc-provider\//);

  // The formats.
  const artefact = () => page.textContent('[data-testid=artefact-text]');
  assert.equal(await page.getAttribute('[data-testid=artefact]', 'data-format'), 'terraform');
  assert.match(await artefact(), /resource "aws_iam_openid_connect_provider"/);
  await page.fill('[data-testid=generate-role]', 'payments-reader');
  await page.waitForFunction(() => /payments-reader/.test(document.querySelector('[data-testid=artefact-text]')?.textContent));
  await page.click('[data-testid=tab-cloudformation]');
  assert.match(await artefact(), /AWS::IAM::OIDCProvider/);
  await page.click('[data-testid=tab-cli]');
  assert.match(await artefact(), /aws iam create-open-id-connect-provider/);
  await page.click('[data-testid=tab-eksctl]');
  assert.match(await artefact(), /eksctl create iamserviceaccount/);
  assert.equal(await page.getAttribute('[data-testid=tab-eksctl]', 'aria-selected'), 'true');

  // The generated policy, put into the page's policy box, admits the example token.
  await page.fill('[data-testid=generate-account]', '');
  await page.waitForSelector('[data-testid=generated-policy]');
  const policy = await page.textContent('[data-testid=generated-policy]');
  await page.fill('[data-testid=policy-input]', policy);
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
  // The page's edit did not touch the tool.
  assert.equal(await page.textContent('[data-testid=generated-policy]'), policy);

  // A token the generator cannot use: the reason, as text.
  await page.fill('[data-testid=generate-token]', 'not a token');
  assert.match(await page.textContent('[data-testid=generate-error]'), /^No policy: token: /);
  assert.equal(await page.getAttribute('[data-testid=mechanism]', 'data-mechanism'), 'unknown');
  assert.deepEqual(b.pageErrors, []);
});

test('generate: screenshots and axe at 1280 and 375 px', { timeout: 180_000 }, async (t) => {
  await shotsAndAxe(t, 'generate');
});

const AUDIENCE_ERROR =
  'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience';

test('paste an error: the error named, its causes, what the text tells', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'error', { example: false });
  await page.fill('[data-testid=error-input]', AUDIENCE_ERROR);
  await page.waitForSelector('[data-testid=error-named]');
  assert.equal(await page.getAttribute('[data-testid=error-named]', 'data-code'), 'InvalidIdentityToken');
  assert.match(await page.textContent('[data-testid=error-named]'), /audience/i);
  assert.ok((await page.locator('[data-testid=error-causes] > li').count()) >= 1, 'at least one cause');
  // A text that is JSON but no CloudTrail event: the reason, as text.
  await page.fill('[data-testid=error-input]', '{"not": "an event"}');
  await page.waitForSelector('[data-testid=error-diagnosis-error]');
  // Markup in the text stays text.
  await page.fill('[data-testid=error-input]', `${AUDIENCE_ERROR} <img src=x onerror=alert(1)>`);
  await page.waitForSelector('[data-testid=error-named]');
  assert.equal(await page.locator(`${HOST} img`).count(), 0, 'nothing pasted becomes markup');
  assert.deepEqual(b.pageErrors, []);
});

test('paste an error: screenshots and axe at 1280 and 375 px', { timeout: 180_000 }, async (t) => {
  await shotsAndAxe(t, 'error', async (page) => {
    await page.fill('[data-testid=error-input]', AUDIENCE_ERROR);
    await page.waitForSelector('[data-testid=error-causes]');
  });
});

test('EKS Pod Identity: the example IRSA token converted, then predicted; a wrong namespace refused', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'pod-identity');
  // The trust policy is the page's (an IRSA policy): the mechanism says so.
  assert.match(await page.inputValue('[data-testid=pi-policy]'), /AssumeRoleWithWebIdentity/);
  assert.equal(await page.getAttribute(`${HOST} [data-testid=mechanism]`, 'data-mechanism'), 'irsa');
  // From this IRSA token: the service account of the example, the cluster named.
  await page.fill('[data-testid=pi-cluster-name]', 'demo');
  await page.waitForFunction(() => /cluster\/demo/.test(document.querySelector('[data-testid=pi-converted-policy]')?.textContent));
  const converted = await page.textContent('[data-testid=pi-converted-policy]');
  assert.match(converted, /pods\.eks\.amazonaws\.com/);
  assert.match(converted, /"aws:RequestTag\/kubernetes-namespace": "payments"/);
  assert.match(await page.textContent('[data-testid=pi-command]'), /aws eks create-pod-identity-association/);
  await page.click('[data-testid=pi-use-conversion]');
  assert.equal(await page.inputValue('[data-testid=pi-namespace]'), 'payments');
  assert.equal(await page.inputValue('[data-testid=pi-service-account]'), 'api');
  assert.equal(await page.getAttribute(`${HOST} [data-testid=mechanism]`, 'data-mechanism'), 'pod_identity');
  await page.fill('[data-testid=pi-cluster]', 'arn:aws:eks:eu-west-1:111122223333:cluster/demo');
  await page.waitForSelector('[data-testid=pi-report][data-outcome=success]');
  assert.ok((await page.locator('[data-testid=tool-steps] > li').count()) >= 2, 'the trace has its steps');
  // Another namespace: refused, with a failing step and its fix.
  await page.fill('[data-testid=pi-namespace]', 'other');
  await page.waitForSelector('[data-testid=pi-report][data-outcome=failure]');
  assert.ok((await page.locator('[data-testid=tool-steps] > li[data-status*=fail]').count()) >= 1, 'a failing step');
  // A cluster ARN that is not one: what was expected.
  await page.fill('[data-testid=pi-cluster]', 'my-cluster');
  await page.waitForSelector('[data-testid=pi-error]');
  assert.match(await page.textContent('[data-testid=pi-error]'), /^cluster ARN: /);
  assert.deepEqual(b.pageErrors, []);
});

test('EKS Pod Identity: screenshots and axe at 1280 and 375 px', { timeout: 180_000 }, async (t) => {
  await shotsAndAxe(t, 'pod-identity', async (page) => {
    await page.fill('[data-testid=pi-cluster-name]', 'demo');
    await page.click('[data-testid=pi-use-conversion]');
    await page.fill('[data-testid=pi-cluster]', 'arn:aws:eks:eu-west-1:111122223333:cluster/demo');
    await page.waitForSelector('[data-testid=pi-report][data-outcome=success]');
  });
});

// Three roles and the providers of the generated 79-role account of the CLI's audit tests
// (tests/fixtures/audit/generate.py), and what that account expects of them. (The whole account takes the browser
// about a minute: the audit runs in the page's thread.)
const ROLES = ['eks-any-namespace-0', 'broken-document', 'eks-exact-0'];
const FULL = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'audit', 'account.json'), 'utf8'));
const ACCOUNT = JSON.stringify({ ...FULL, RoleDetailList: FULL.RoleDetailList.filter((r) => ROLES.includes(r.RoleName)) });
const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'audit', 'expected.json'), 'utf8'));

test('audit roles: the generated account, its findings by role, the unused provider', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'audit', { example: false });
  await page.fill('[data-testid=audit-input]', ACCOUNT);
  await page.waitForSelector('[data-testid=audit-report]');
  // stringlike_wide and policy_unreadable are medium, provider_unused low.
  assert.equal(await page.getAttribute('[data-testid=audit-report]', 'data-highest'), 'medium');
  const [[code, severity, provider]] = EXPECTED.providers;
  // With three roles, the providers only the other roles use are unused too; the account's unused one is among them.
  const unused = page.locator(`[data-testid=audit-report] li[data-code=${code}]`, { hasText: provider });
  assert.equal(await unused.getAttribute('data-severity'), severity);
  for (const role of ['eks-any-namespace-0', 'broken-document']) {
    const [[c, s]] = EXPECTED.roles[role];
    assert.equal(await page.getAttribute(`li[data-role="${role}"][data-code=${c}]`, 'data-severity'), s, role);
  }
  assert.equal(await page.locator('li[data-role="eks-exact-0"]').count(), 0, 'a role with nothing to say has no finding');
  // Not an IAM document: what was expected.
  await page.fill('[data-testid=audit-input]', '{"Roles": 3}');
  await page.waitForSelector('[data-testid=audit-error]');
  assert.deepEqual(b.pageErrors, []);
});

test('audit roles: screenshots and axe at 1280 and 375 px', { timeout: 180_000 }, async (t) => {
  await shotsAndAxe(t, 'audit', async (page) => {
    await page.fill('[data-testid=audit-input]', ACCOUNT);
    await page.waitForSelector('[data-testid=audit-report]');
  });
});
