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

/** Loads the example, runs `before` on the page (its inputs as the tool should get them), then opens `tool` and
 * waits for its panel. */
async function openTool(b, tool, { example = true, before } = {}) {
  const { page } = b;
  if (example) {
    await page.click('[data-testid=example-button]');
    await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
  }
  if (before) await before(page);
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

/** Screenshots of the tool at 1280 and 375 px, and axe at both widths (`open`: openTool's options). */
async function shotsAndAxe(t, tool, prepare, open = {}) {
  for (const width of [1280, 375]) {
    const b = await served(t, width);
    await openTool(b, tool, open);
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
  // The tool is brought to the user: its heading, which names it, has the focus, and #tools-host is scrolled into view.
  assert.deepEqual(
    await page.evaluate(() => {
      const el = document.activeElement;
      return [el?.dataset.testid, el?.textContent, el?.getAttribute('tabindex'), el?.closest('#tools-host') !== null];
    }),
    ['tool-heading', 'Generate a trust policy', '-1', true],
  );
  const hostTop = await page.evaluate(() => document.getElementById('tools-host').getBoundingClientRect().top);
  assert.ok(hostTop >= -1 && hostTop < 900, `#tools-host in view after opening a tool: top ${hostTop}`);
  for (const name of ['tokenscope-tools.js', 'tokenscope-tools_loader.js', 'tokenscope-tools_bg.wasm']) {
    assert.equal(tools().filter((u) => u.endsWith(`/${name}`)).length, 1, `${name} requested once: ${JSON.stringify(tools())}`);
  }
  // The button of the open tool says so (aria-current); the others do not.
  const current = await page.$$eval('[data-testid=tools] button[aria-current=true]', (els) => els.map((e) => e.dataset.testid));
  assert.deepEqual(current, ['tool-generate']);
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
  // No account given: the note names the tool's field, not the CLI's flag; the artefact too.
  assert.match(await page.textContent('[data-testid=generate-notes]'), /Account id field/);
  assert.doesNotMatch(await page.textContent('[data-testid=generate-notes]'), /--account/);
  assert.doesNotMatch(await page.textContent('[data-testid=artefact-text]'), /--account|--role-name chooses|tokenscope generate/);
  assert.match(await page.textContent('[data-testid=artefact-text]'), /Role name field chooses another/);

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
  // The page names its own fields and tables, not the CLI's flags and commands.
  assert.doesNotMatch(await artefact(), /--account|--role-name chooses|tokenscope generate/);
  assert.match(await artefact(), /another service account/);
  const proofRows = await page.locator('[data-testid=proof] tbody th').allTextContents();
  assert.ok(proofRows.includes('another service account') && proofRows.includes('another issuer'), `proof rows: ${proofRows}`);
  assert.ok(!proofRows.some((r) => r.includes('_')), `proof rows: ${proofRows}`);

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

// A GitHub Actions token requested without an audience: GitHub's default `aud` is the owner's URL. Unsigned: the
// generator reads claims only.
const b64u = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const GITHUB_OWNER_AUD = [
  b64u({ alg: 'RS256', kid: 'k1' }),
  b64u({
    iss: 'https://token.actions.githubusercontent.com', aud: 'https://github.com/octo-org',
    sub: 'repo:octo-org/octo-repo:ref:refs/heads/main', repository: 'octo-org/octo-repo', ref: 'refs/heads/main',
    actor: 'octocat', iat: 1795165200, nbf: 1795165200, exp: 1795165800,
  }),
  'c2ln',
].join('.');

test('generate: a GitHub token with the owner\'s audience gets sts.amazonaws.com, as the page\'s fix says; no eksctl; absent keys named', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'generate', { example: false });
  await page.fill('[data-testid=generate-token]', GITHUB_OWNER_AUD);
  await page.waitForFunction(() => /githubusercontent/.test(document.querySelector('[data-testid=generated-policy]')?.textContent));
  const policy = JSON.parse(await page.textContent('[data-testid=generated-policy]'));
  assert.equal(policy.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:aud'], 'sts.amazonaws.com');
  const notes = await page.textContent('[data-testid=generate-notes]');
  assert.match(notes, /client ID `sts\.amazonaws\.com`/);
  assert.match(notes, /https:\/\/github\.com\/octo-org/);
  assert.match(notes, /must ask for `sts\.amazonaws\.com`/);
  assert.doesNotMatch(notes, /client ID `https:\/\/github\.com/);
  assert.equal(await page.getAttribute('[data-testid=proof] tr[data-sibling=this]', 'data-verdict'), 'admitted');
  // eksctl does not apply to a GitHub token: no tab, no cluster field.
  assert.equal(await page.locator('[data-testid=tab-eksctl]').count(), 0);
  assert.equal(await page.locator('[data-testid=generate-cluster]').count(), 0);
  assert.deepEqual(
    await page.locator('[role=tab]').evaluateAll((tabs) => tabs.map((t) => t.dataset.testid)),
    ['tab-terraform', 'tab-cloudformation', 'tab-cli'],
  );
  // Condition keys: only those whose claim the token carries; the others named apart.
  const keys = await page.locator('[data-testid=condition-keys] li').allTextContents();
  assert.ok(keys.includes('token.actions.githubusercontent.com:repository'), `condition keys: ${keys}`);
  assert.deepEqual(keys.filter((k) => /:(azp|amr|email)$/.test(k)), [], `condition keys: ${keys}`);
  const absent = await page.textContent('[data-testid=absent-condition-keys]');
  for (const claim of ['azp', 'amr', 'email']) assert.match(absent, new RegExp(`githubusercontent\\.com:${claim}\\b`));
  assert.deepEqual(b.pageErrors, []);
});

test('generate: a self-managed cluster\'s token gets no eksctl (it creates roles for EKS clusters only)', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'generate', { example: false });
  const token = readFileSync(join(ROOT, 'tests', 'fixtures', 'issuers', 'tokens', 'kubernetes_self_managed.jwt'), 'utf8').trim();
  await page.fill('[data-testid=generate-token]', token);
  await page.waitForSelector('[data-testid=generated-policy]');
  await page.waitForSelector('[role=tab]');
  assert.equal(await page.locator('[data-testid=tab-eksctl]').count(), 0);
  assert.equal(await page.locator('[data-testid=generate-cluster]').count(), 0);
  assert.deepEqual(
    await page.locator('[role=tab]').evaluateAll((tabs) => tabs.map((t) => t.dataset.testid)),
    ['tab-terraform', 'tab-cloudformation', 'tab-cli'],
  );
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
  // No token on the page: no page diagnosis, no cause marked.
  assert.equal(await page.locator('[data-testid=error-page-diagnosis]').count(), 0);
  assert.equal(await page.locator('[data-testid=error-causes] > li[data-found-by-page=true]').count(), 0);
  assert.match(await page.textContent('[data-testid=error-named]'), /audience/i);
  assert.ok((await page.locator('[data-testid=error-causes] > li').count()) >= 1, 'at least one cause');
  // An error message is no token or policy: no "Which mechanism is this?" box.
  assert.equal(await page.locator(`${HOST} [data-testid=mechanism]`).count(), 0, 'no mechanism box for an error message');
  // "No credentials": the cause that STS refused the token is decided by the earlier STS error, not before AWS is called.
  await page.fill('[data-testid=error-input]', 'Error: Could not load credentials from any providers');
  await page.waitForSelector('[data-testid=error-named][data-code=""]');
  const stsCause = page.locator('[data-testid=error-causes] > li', { hasText: 'STS refused the token' });
  assert.equal(await stsCause.count(), 1);
  assert.doesNotMatch(await stsCause.textContent(), /before AWS is called/);
  assert.match(await stsCause.textContent(), /earlier in the log/);
  // Values in a cause's title (`permissions: id-token: write`) are shown as code, not as markdown backticks.
  assert.ok((await page.locator('[data-testid=error-causes] > li > strong code.inline').count()) >= 1, 'a title with code');
  // Text naming no known error: one sentence says so, not two.
  await page.fill('[data-testid=error-input]', 'something went wrong');
  await page.waitForFunction(() => /not recognised/.test(document.querySelector('[data-testid=error-named]')?.textContent));
  const tool = await page.textContent(`${HOST} [data-testid=tool-panel-error]`);
  assert.equal((tool.match(/TokenScope knows/g) ?? []).length, 1, tool);
  assert.equal(await page.locator(`${HOST} [data-testid=mechanism]`).count(), 0);
  // A text that is JSON but no CloudTrail event: the reason, as text.
  await page.fill('[data-testid=error-input]', '{"not": "an event"}');
  await page.waitForSelector('[data-testid=error-diagnosis-error]');
  // Markup in the text stays text.
  await page.fill('[data-testid=error-input]', `${AUDIENCE_ERROR} <img src=x onerror=alert(1)>`);
  await page.waitForSelector('[data-testid=error-named]');
  assert.equal(await page.locator(`${HOST} img`).count(), 0, 'nothing pasted becomes markup');
  assert.deepEqual(b.pageErrors, []);
});

const ACCESS_DENIED_ERROR =
  'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity';

test('paste an error: with the example on the page, the page\'s own diagnosis comes first and says whether it agrees', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  const callout = '[data-testid=error-page-diagnosis]';
  // The example gets credentials: an AccessDenied came from another token, role, policy, time or account.
  await openTool(b, 'error');
  await page.fill('[data-testid=error-input]', `${ACCESS_DENIED_ERROR} arn:aws:iam::444455556666:role/deploy`);
  await page.waitForSelector(callout);
  assert.equal(await page.getAttribute(callout, 'data-agreement'), 'predicts_success');
  assert.equal(await page.getAttribute(callout, 'data-page-code'), 'success');
  assert.match(await page.textContent(callout), /different token, role, policy, time or account than the one on the page/);
  assert.equal(await page.locator('[data-testid=error-causes] > li[data-found-by-page=true]').count(), 0);

  // The page's policy expects another service account: the page predicts AccessDenied for its subject.
  const policy = await page.inputValue('[data-testid=policy-input]');
  await page.fill('[data-testid=policy-input]', policy.replace(/system:serviceaccount:[^"]*/, 'system:serviceaccount:other:sa'));
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=failure]');
  await openTool(b, 'error', { example: false });
  await page.fill('[data-testid=error-input]', ACCESS_DENIED_ERROR);
  await page.waitForSelector(`${callout}[data-agreement=agrees]`);
  assert.equal(await page.getAttribute(callout, 'data-page-code'), 'AccessDenied');
  assert.equal(await page.getAttribute(callout, 'data-pasted-code'), 'AccessDenied');
  assert.equal(await page.getAttribute(callout, 'data-failure-mode'), 'subject-mismatch');
  const agree = await page.textContent(callout);
  assert.match(agree, /this is very likely your cause/);
  assert.match(agree, /The page predicts: AccessDenied/);
  assert.match(agree, /Fix: /);
  // First: before the error named and the causes.
  assert.ok(
    await page.evaluate(() => {
      const c = document.querySelector('[data-testid=error-page-diagnosis]');
      const named = document.querySelector('[data-testid=error-named]');
      return Boolean(c.compareDocumentPosition(named) & Node.DOCUMENT_POSITION_FOLLOWING);
    }),
    'the page\'s diagnosis comes before the error named',
  );
  // The cause the page found is first, and marked.
  const first = page.locator('[data-testid=error-causes] > li').first();
  assert.equal(await first.getAttribute('data-found-by-page'), 'true');
  assert.match(await first.textContent(), /^found by the page's diagnosis A condition on the token's subject does not match/);
  assert.equal(await page.locator('[data-testid=error-causes] > li[data-found-by-page=true]').count(), 1);

  // Another code: the page disagrees, plainly, and marks nothing.
  await page.fill('[data-testid=error-input]', AUDIENCE_ERROR);
  await page.waitForSelector(`${callout}[data-agreement=other_code]`);
  assert.equal(await page.getAttribute(callout, 'data-pasted-code'), 'InvalidIdentityToken');
  const other = await page.textContent(callout);
  assert.match(other, /The page's diagnosis predicts AccessDenied, not InvalidIdentityToken: the error likely came from a different token, role, policy, time or account than the one on the page/);
  assert.equal(await page.locator('[data-testid=error-causes] > li[data-found-by-page=true]').count(), 0);

  // Another issuer in the text: named as a difference, as text.
  await page.fill(
    '[data-testid=error-input]',
    'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://evil.example/<img src=x onerror=alert(1)>',
  );
  await page.waitForSelector('[data-testid=error-page-differences] tr[data-field=issuer]');
  assert.match(await page.textContent('[data-testid=error-page-differences] tr[data-field=issuer]'), /https:\/\/evil\.example/);
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
  // Nothing typed yet: a neutral hint, no error.
  assert.equal(await page.locator('[data-testid=pi-error]').count(), 0, 'no error before anything is typed');
  assert.match(await page.textContent('[data-testid=pi-hint]'), /cluster ARN, namespace and service account/);
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
  // The value in the message is shown as code.
  assert.equal(await page.locator('[data-testid=pi-error] code.inline').count() >= 1, true);
  // Cleared again: the hint, not an error about an empty value.
  await page.fill('[data-testid=pi-cluster]', '');
  await page.waitForSelector('[data-testid=pi-hint]');
  assert.equal(await page.locator('[data-testid=pi-error]').count(), 0);
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
// (tests/fixtures/audit/generate.py), and what that account expects of them. The whole account is audited below,
// in slices that leave the page responsive.
const ROLES = ['eks-any-namespace-0', 'broken-document', 'eks-exact-0'];
const FULL = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'audit', 'account.json'), 'utf8'));
const ACCOUNT = JSON.stringify({ ...FULL, RoleDetailList: FULL.RoleDetailList.filter((r) => ROLES.includes(r.RoleName)) });
const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'audit', 'expected.json'), 'utf8'));

test('audit roles: the generated account, its findings by role, the unused provider', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'audit', { example: false });
  // Labels are plain text: no markdown backticks shown.
  assert.doesNotMatch(await page.textContent('label[for=audit-input]'), /`/);
  assert.match(await page.textContent('label[for=audit-input]'), /aws iam list-roles/);
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
  // Severities in the page's colours: medium as a warning, low as information, and not the same grey.
  const badge = (sev) => page.locator(`[data-testid=audit-report] li[data-severity=${sev}] .badge`).first();
  assert.match(await badge('medium').getAttribute('class'), /\bsev-warning\b/);
  assert.match(await badge('low').getAttribute('class'), /\bsev-info\b/);
  const colour = (sev) => badge(sev).evaluate((el) => getComputedStyle(el).color);
  assert.notEqual(await colour('medium'), await colour('low'));
  // A finding's fix is not its description again.
  const repeats = await page.locator('[data-testid=audit-report] li.finding').evaluateAll((lis) =>
    lis.filter((li) => {
      const ps = [...li.querySelectorAll('p.small')].map((p) => p.textContent.trim());
      return ps.some((p) => p.startsWith('Fix: ') && ps.includes(p.slice(5)));
    }).map((li) => li.dataset.code));
  assert.deepEqual(repeats, [], 'findings whose fix repeats their description');
  // Not an IAM document: what was expected.
  await page.fill('[data-testid=audit-input]', '{"Roles": 3}');
  await page.waitForSelector('[data-testid=audit-error]');
  assert.deepEqual(b.pageErrors, []);
});

// The most roles the audit tool audits between two yields (ROLES_PER_SLICE in src/web/tools/audit_tool.rs; fewer
// when a slice's 40 ms run out first).
const ROLES_PER_SLICE = 25;

/** The "done/total" states of a run, in order: each slice audits at most ROLES_PER_SLICE roles, so there is a state
 * at least every ROLES_PER_SLICE roles. */
function checkSlices(states, total) {
  const running = states.filter((s) => s !== 'report').map((s) => s.split('/').map(Number));
  assert.deepEqual(running[0], [0, total], `the run starts at 0 of ${total}: ${states}`);
  assert.equal(states.at(-1), 'report', `the run ends with the report: ${states}`);
  assert.ok(running.every(([, t]) => t === total), `N of ${total}: ${states}`);
  for (let i = 1; i < running.length; i++) {
    const step = running[i][0] - running[i - 1][0];
    assert.ok(step > 0 && step <= ROLES_PER_SLICE, `a slice audits 1 to ${ROLES_PER_SLICE} roles: ${states}`);
  }
  assert.ok(total - running.at(-1)[0] <= ROLES_PER_SLICE, `the last slice audits the rest: ${states}`);
  assert.ok(running.length >= Math.ceil(total / ROLES_PER_SLICE), `at least one state per slice: ${states}`);
}

/** Records on the page every state the audit tool shows ("done/total" while it runs, then "report"), with when. */
async function watchAudit(page) {
  await page.evaluate(() => {
    window.__ticks = [];
    window.__timer = setInterval(() => window.__ticks.push(performance.now()), 20);
    window.__seen = [];
    const host = document.getElementById('tools-host');
    new MutationObserver(() => {
      const p = host.querySelector('[data-testid=audit-progress]');
      const state = p ? `${p.dataset.done}/${p.dataset.total}` : host.querySelector('[data-testid=audit-report]') ? 'report' : '';
      const last = window.__seen.at(-1);
      if (state && state !== last?.[1]) window.__seen.push([performance.now(), state]);
    }).observe(host, { subtree: true, childList: true, attributes: true });
  });
}

/** The states seen, and the longest gap between the page's timer ticks before the report appeared (ms). */
function auditSeen(page) {
  return page.evaluate(() => {
    clearInterval(window.__timer);
    const seen = window.__seen;
    const end = seen.find(([, s]) => s === 'report')?.[0] ?? Infinity;
    const ticks = window.__ticks.filter((x) => x <= end);
    const longest = Math.max(0, ...ticks.slice(1).map((x, i) => x - ticks[i]));
    return { states: seen.map(([, s]) => s), longest };
  });
}

test('audit roles: the whole account in steps, "N of M roles", then exactly its findings', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'audit', { example: false });
  await watchAudit(page);
  await page.fill('[data-testid=audit-input]', JSON.stringify(FULL));
  await page.waitForSelector('[data-testid=audit-report]', { timeout: 60_000 });
  const { states } = await auditSeen(page);
  checkSlices(states, EXPECTED.roles_read);

  // The result is the whole audit's.
  const report = '[data-testid=audit-report]';
  assert.equal(Number(await page.getAttribute(report, 'data-roles-read')), EXPECTED.roles_read);
  assert.equal(await page.getAttribute(report, 'data-highest'), EXPECTED.highest);
  // Every role has exactly its findings (as tests/audit_table.rs checks natively).
  const shown = await page.locator(`${report} li[data-role]`).evaluateAll((lis) =>
    lis.map((li) => [li.dataset.role, li.dataset.code, li.dataset.severity]),
  );
  const byRole = {};
  for (const [role, code, severity] of shown) (byRole[role] ??= []).push([code, severity]);
  for (const [role, findings] of Object.entries(EXPECTED.roles)) {
    assert.deepEqual((byRole[role] ?? []).map(String).sort(), findings.map(String).sort(), role);
  }
  const unexpected = Object.keys(byRole).filter((r) => !(r in EXPECTED.roles));
  assert.deepEqual(unexpected, [], 'roles with findings that trust no web-identity provider');
  const [[code, severity, provider]] = EXPECTED.providers;
  assert.equal(await page.locator(`${report} li[data-code=${code}]`, { hasText: provider }).getAttribute('data-severity'), severity);
  assert.deepEqual(b.pageErrors, []);
});

test('audit roles: ten times the account (790 roles) yields to the page between slices', { timeout: 180_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'audit', { example: false });
  const roles = [];
  for (let i = 0; i < 10; i++) {
    for (const r of FULL.RoleDetailList) roles.push({ ...r, RoleName: `${r.RoleName}-${i}`, Arn: `${r.Arn}-${i}` });
  }
  await watchAudit(page);
  await page.fill('[data-testid=audit-input]', JSON.stringify({ ...FULL, RoleDetailList: roles }));
  await page.waitForSelector('[data-testid=audit-report]', { timeout: 150_000 });
  const { states, longest } = await auditSeen(page);
  t.diagnostic(`states: ${states.join(' ')}; longest gap between timer ticks before the report: ${Math.round(longest)} ms`);
  checkSlices(states, roles.length);
  assert.ok(longest < 1_000, `the page's timer waited ${Math.round(longest)} ms while the audit ran`);
  assert.equal(Number(await page.getAttribute('[data-testid=audit-report]', 'data-roles-read')), roles.length);
  // A new text stops the run under way and audits the new one.
  await page.fill('[data-testid=audit-input]', JSON.stringify({ ...FULL, RoleDetailList: roles }));
  await page.waitForSelector('[data-testid=audit-progress]', { state: 'attached', timeout: 20_000 }).catch(() => {});
  await page.fill('[data-testid=audit-input]', ACCOUNT);
  await page.waitForSelector('[data-testid=audit-report][data-roles-read="3"]', { timeout: 60_000 });
  await page.waitForTimeout(1_500);
  assert.equal(await page.getAttribute('[data-testid=audit-report]', 'data-roles-read'), '3', 'the stopped run did not come back');
  assert.deepEqual(b.pageErrors, []);
});

test('audit roles: screenshots and axe at 1280 and 375 px', { timeout: 180_000 }, async (t) => {
  await shotsAndAxe(t, 'audit', async (page) => {
    await page.fill('[data-testid=audit-input]', ACCOUNT);
    await page.waitForSelector('[data-testid=audit-report]');
  });
});

// ---- compare two tokens ------------------------------------------------------------------------------------------
// The example token (A) and a sibling signed by the independent generator (tests/fixtures/compare/generate.py) with
// the default service account (B), under the example's trust policy and keys; compare/expected.json says, from the
// IAM rules, which claims differ and which decides.

const fixture = (...p) => readFileSync(join(ROOT, 'tests', 'fixtures', ...p), 'utf8');
const EXAMPLE_TOKEN = fixture('example', 'token.jwt').trim();
const EXAMPLE_JWKS = fixture('example', 'jwks.json');
const DEFAULT_SA = fixture('compare', 'default-sa.jwt').trim();
const COMPARE_EXPECTED = JSON.parse(fixture('compare', 'expected.json'));

/** The example's keys in the page's keys box (the tools then use the keys box, as the page does). */
async function pasteExampleKeys(page) {
  await page.fill('[data-testid=jwks-input]', EXAMPLE_JWKS);
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
}

test('compare two tokens: the example and its default-service-account sibling, the sub decides', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'compare', { before: pasteExampleKeys });
  assert.equal(await page.getAttribute('[data-testid=compare-keys]', 'data-keys'), 'pasted');
  assert.equal((await page.inputValue('[data-testid=compare-token-a]')).trim(), EXAMPLE_TOKEN, 'token A is the page\'s');
  assert.equal(await page.locator('[data-testid=compare-report]').count(), 0, 'nothing compared without token B');

  await page.fill('[data-testid=compare-token-b]', DEFAULT_SA);
  await page.waitForSelector('[data-testid=compare-deciding]');
  const want = COMPARE_EXPECTED['default-sa.jwt'];
  // Each side's verdict.
  const a = '[data-testid=compare-verdict-a]';
  const bSide = '[data-testid=compare-verdict-b]';
  assert.equal(await page.getAttribute(a, 'data-outcome'), 'success');
  assert.equal(await page.getAttribute(bSide, 'data-outcome'), 'failure');
  assert.equal(await page.getAttribute(bSide, 'data-error-code'), want.failing_code);
  assert.equal(await page.getAttribute(bSide, 'data-failure-mode'), want.failing_mode);
  assert.match(await page.textContent(bSide), new RegExp(`Error: ${want.failing_code}`));
  assert.match(await page.textContent(bSide), /Failure mode: /);
  // The deciding difference, prominently: token A fares better, the trust policy's condition on sub decides.
  const deciding = '[data-testid=compare-deciding]';
  assert.equal(await page.getAttribute(deciding, 'data-better'), 'a');
  assert.equal(await page.getAttribute(deciding, 'data-step'), 'trust_policy');
  assert.equal(await page.getAttribute(deciding, 'data-claim'), want.deciding_claim);
  const sentence = await page.textContent(deciding);
  assert.match(sentence, /Token A fares better/);
  assert.match(sentence, /system:serviceaccount:payments:api/);
  assert.match(sentence, /system:serviceaccount:payments:default/);
  assert.match(sentence, /StringEquals/);
  // The claims aligned: exactly the expected ones differ.
  const rows = page.locator('[data-testid=compare-claims] tbody tr');
  const statuses = await rows.evaluateAll((trs) => trs.map((tr) => [tr.dataset.claim, tr.dataset.status]));
  const differing = statuses.filter(([, s]) => s !== 'same').map(([c]) => c);
  assert.deepEqual(differing.sort(), [...want.different].sort(), `claims: ${JSON.stringify(statuses)}`);
  assert.ok(statuses.some(([c, s]) => c === 'iss' && s === 'same'), 'iss is the same');
  const sub = page.locator('[data-testid=compare-claims] tr[data-claim=sub]');
  assert.match(await sub.locator('td').nth(0).textContent(), /payments:api/);
  assert.match(await sub.locator('td').nth(1).textContent(), /payments:default/);

  // The same token twice: the same verdict, every claim the same.
  await page.fill('[data-testid=compare-token-b]', EXAMPLE_TOKEN);
  await page.waitForSelector(`${deciding}[data-better=none]`);
  assert.equal(await page.locator('[data-testid=compare-claims] tr[data-status=same]').count(), statuses.length);
  // A token B that does not decode: its reason, and every claim only in A.
  await page.fill('[data-testid=compare-token-b]', 'not a token <img src=x onerror=alert(1)>');
  await page.waitForSelector('[data-testid=compare-decode-error-b]');
  assert.equal(await page.getAttribute(deciding, 'data-better'), 'a');
  assert.match(await page.textContent(deciding), /does not decode/);
  assert.equal(await page.locator('[data-testid=compare-claims] tbody tr:not([data-status=only_a])').count(), 0);
  assert.equal(await page.locator(`${HOST} img`).count(), 0, 'nothing pasted becomes markup');
  assert.deepEqual(b.pageErrors, []);
});

test('compare two tokens: with only "Try an example", the tool uses the keys the page uses and agrees with it', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'compare');
  assert.equal(await page.getAttribute('[data-testid=compare-keys]', 'data-keys'), 'documents');
  assert.match(await page.textContent('[data-testid=compare-keys]'), /built-in example's keys/);
  assert.equal(await page.locator('[data-testid=compare-no-keys]').count(), 0);
  assert.doesNotMatch(await page.textContent('[data-testid=compare-scope]'), /only the token changes/);
  assert.match(await page.textContent('[data-testid=compare-scope]'), /provider URL.*follows each token's iss/s);
  await page.fill('[data-testid=compare-token-b]', DEFAULT_SA);
  await page.waitForSelector('[data-testid=compare-deciding]');
  assert.equal(await page.getAttribute('[data-testid=compare-verdict-a]', 'data-outcome'), 'success', 'as on the page');
  assert.equal(await page.getAttribute('[data-testid=compare-verdict-b]', 'data-outcome'), 'failure');
  assert.deepEqual(b.pageErrors, []);
});

test('compare two tokens: screenshots and axe at 1280 and 375 px', { timeout: 180_000 }, async (t) => {
  await shotsAndAxe(
    t,
    'compare',
    async (page) => {
      await page.fill('[data-testid=compare-token-b]', DEFAULT_SA);
      await page.waitForSelector('[data-testid=compare-deciding][data-better=a]');
    },
    { before: pasteExampleKeys },
  );
});

// ---- EKS cluster sign-in -----------------------------------------------------------------------------------------
// Cases of the independent generator (tests/fixtures/eks_modes/generate.py → cluster_auth/cases.json): tokens signed
// with pyca/cryptography, each with the configuration, keys, time and the outcome, username and groups the
// Kubernetes rules give, decided in Python.

const CASES = JSON.parse(fixture('eks_modes', 'cluster_auth', 'cases.json'));
const signInCase = (name) => CASES.find((c) => c.name === name);
const CONFIG_ASSOCIATE = fixture('eks_modes', 'cluster_auth', 'config-associate.json');
const CONFIG_DESCRIBE = fixture('eks_modes', 'cluster_auth', 'config-describe.json');
const CA = (id) => `[data-testid=${id}]`;

/** The page's token, keys box and evaluation time set to the case's. */
const pageInputsOf = (c) => async (page) => {
  await page.fill('[data-testid=token-input]', c.token);
  await page.fill('[data-testid=jwks-input]', JSON.stringify(c.jwks, null, 1));
  await page.fill('[data-testid=eval-time]', String(c.at));
  await page.waitForSelector(`[data-testid=eval-time-parsed][data-unix="${c.at}"]`);
};

/** The username and groups shown. */
async function identity(page) {
  return {
    username: (await page.textContent(CA('ca-username'))).trim(),
    groups: await page.locator(`${CA('ca-groups')} li`).evaluateAll((lis) => lis.map((li) => li.dataset.group)),
  };
}

test('EKS cluster sign-in: an accepted token, its username and groups; an expired one refused', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  const accepted = signInCase('accepted_email');
  const expired = signInCase('refused_expired');
  assert.equal(expired.at, accepted.at);
  await openTool(b, 'cluster-auth', { example: false, before: pageInputsOf(accepted) });
  // Prefilled from the page: token, keys, time.
  assert.equal(await page.inputValue(CA('ca-token')), accepted.token);
  assert.deepEqual(JSON.parse(await page.inputValue(CA('ca-keys'))), accepted.jwks);
  assert.equal(await page.locator(CA('ca-report')).count(), 0, 'no report before a configuration');

  // The configuration as `aws eks associate-identity-provider-config --cli-input-json` takes it.
  assert.deepEqual(JSON.parse(CONFIG_ASSOCIATE).oidc, accepted.config, 'the fixture file is the case\'s configuration');
  await page.fill(CA('ca-config'), CONFIG_ASSOCIATE);
  await page.waitForSelector(`${CA('ca-report')}[data-outcome=${accepted.expect.outcome}]`);
  assert.match(await page.textContent(CA('ca-shape')), /associate-identity-provider-config/);
  assert.deepEqual(await identity(page), { username: accepted.expect.username, groups: accepted.expect.groups });
  const steps = await page.locator(`${CA('ca-report')} [data-testid=tool-steps] > li`).evaluateAll((lis) =>
    lis.map((li) => [li.dataset.step, li.dataset.status]),
  );
  for (const id of ['config', 'issuer', 'audience', 'signature', 'time', 'username', 'groups']) {
    const step = steps.find(([s]) => s === id);
    assert.ok(step, `step ${id} shown: ${JSON.stringify(steps)}`);
    assert.doesNotMatch(step[1], /fail|undetermined/, `step ${id}: ${step[1]}`);
  }
  assert.match(await page.textContent(CA('ca-summary')), /accepts the token/);

  // The same configuration as `aws eks describe-identity-provider-config` prints it: the same verdict.
  await page.fill(CA('ca-config'), CONFIG_DESCRIBE);
  await page.waitForFunction(() => /describe-identity-provider-config/.test(document.querySelector('[data-testid=ca-shape]')?.textContent));
  assert.equal(await page.getAttribute(CA('ca-report'), 'data-outcome'), 'success');

  // An expired token: refused at the time step, with its fix; the username and groups still shown.
  await page.fill(CA('ca-token'), expired.token);
  await page.waitForSelector(`${CA('ca-report')}[data-outcome=${expired.expect.outcome}]`);
  assert.equal(await page.getAttribute(CA('ca-report'), 'data-deciding-step'), expired.expect.deciding_step);
  assert.match(await page.getAttribute(`${CA('ca-report')} li[data-step=time]`, 'data-status'), /fail/);
  assert.match(await page.getAttribute(`${CA('ca-report')} li[data-step=signature]`, 'data-status'), /pass/);
  assert.match(await page.textContent(CA('ca-summary')), /refuses the token \(401 Unauthorized\)/);
  assert.ok((await page.locator(CA('ca-fix')).count()) === 1, 'the fix is shown');
  assert.deepEqual(await identity(page), { username: expired.expect.username, groups: expired.expect.groups });

  // A configuration that cannot be read: what was expected, as text.
  await page.fill(CA('ca-config'), '{"clientId": "kubernetes"}');
  await page.waitForSelector(`${CA('ca-error')}[data-input=config]`);
  assert.match(await page.textContent(CA('ca-error')), /`issuerUrl` is required/);
  await page.fill(CA('ca-config'), '{"clusterName": "prod"}');
  await page.waitForFunction(() => /expected an OIDC identity-provider configuration/.test(document.querySelector('[data-testid=ca-error]')?.textContent));
  // A token that does not decode, with markup in it: the reason, as text.
  await page.fill(CA('ca-config'), CONFIG_ASSOCIATE);
  await page.fill(CA('ca-token'), 'nope <img src=x onerror=alert(1)>');
  await page.waitForSelector(`${CA('ca-error')}[data-input=token]`);
  assert.equal(await page.locator(`${HOST} img`).count(), 0, 'nothing pasted becomes markup');
  assert.deepEqual(b.pageErrors, []);
});

test('EKS cluster sign-in: with only "Try an example", the keys the page uses are prefilled', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await openTool(b, 'cluster-auth');
  const keys = JSON.parse(await page.inputValue(CA('ca-keys')));
  assert.ok(Array.isArray(keys.keys) && keys.keys.length > 0, `the example's key set: ${JSON.stringify(keys).slice(0, 80)}`);
  assert.deepEqual(b.pageErrors, []);
});

test('EKS cluster sign-in: screenshots and axe at 1280 and 375 px', { timeout: 180_000 }, async (t) => {
  const expired = signInCase('refused_expired');
  await shotsAndAxe(
    t,
    'cluster-auth',
    async (page) => {
      await page.fill(CA('ca-config'), CONFIG_ASSOCIATE);
      await page.waitForSelector(`${CA('ca-report')}[data-outcome=failure]`);
    },
    { example: false, before: pageInputsOf(expired) },
  );
});

test('while the tools module is on its way, the host says so; the note goes when the tool mounts', { timeout: 120_000 }, async (t) => {
  const b = await served(t);
  const { page } = b;
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]');
  await page.context().route(/tokenscope-tools_bg\.wasm$/, (route) => setTimeout(() => route.continue().catch(() => {}), 1500));
  await page.click('[data-testid=tool-generate]');
  const note = page.locator(`${HOST} #tools-loading[role=status]`);
  await note.waitFor({ timeout: 5_000 });
  assert.equal(await note.innerText(), 'Loading the tools…');
  await page.waitForSelector(`${HOST} [data-testid=tool-panel-generate]`, { timeout: 20_000 });
  assert.equal(await note.count(), 0);
  assert.deepEqual(b.pageErrors, []);
});
