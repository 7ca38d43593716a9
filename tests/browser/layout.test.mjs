// Verdict first, detail folded, the token coloured by part (dist/, from `trunk build --release`):
// - the verdict's headline is on the first screen at 1280 × 800 and 375 × 667, for the example, a failure, and a
//   share link's recipient, and it comes before the token box in the reading order;
// - steps that passed are folded (one click away) while the failing step is open; a strip link opens a folded step;
// - a long policy shows the statements that can decide and folds the others;
// - the token box colours header, payload and signature, the coloured copy lying exactly under the text; the claims
//   the policy checks are listed under it with their result;
// - the policy editor has a copy button; the diff of a suggested fix keeps its indentation when lines wrap.
// Page heights are printed (for the notes) and screenshots of each state land in tests/browser/artifacts/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { ARTIFACTS, ROOT, startDist } from './server.mjs';
import { openPage } from './browser.mjs';

const EXAMPLE = join(ROOT, 'tests', 'fixtures', 'example');
const TOKEN = readFileSync(join(EXAMPLE, 'token.jwt'), 'utf8').trim();
const POLICY = readFileSync(join(EXAMPLE, 'trust-policy.json'), 'utf8');
const VERDICT = '[data-testid=sts-verdict]';
const HEADLINE = `${VERDICT} .verdict-headline`;
const AT = 1795168800;

const encodeLink = (base, state) =>
  `${base}#v1.${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;

/** The headline's top edge in CSS pixels from the top of the page. */
const headlineTop = (p) => p.$eval(HEADLINE, (e) => e.getBoundingClientRect().top + window.scrollY);
const pageHeight = (p) => p.evaluate(() => document.documentElement.scrollHeight);

/** A policy for another namespace: the trust policy fails. */
const failing = (policy) => policy.replace(/system:serviceaccount:[^"]*/, 'system:serviceaccount:other:sa');

test('verdict first, detail folded, coloured token', { timeout: 240_000 }, async (t) => {
  const server = await startDist();
  t.after(() => server.close());
  const heights = [];

  for (const [width, height] of [
    [1280, 800],
    [375, 667],
  ]) {
    await t.test(`the verdict is on the first screen at ${width} px`, async () => {
      const b = await openPage(server.url, { viewport: { width, height } });
      try {
        const p = b.page;
        // Reading order: the verdict comes before the token box.
        await p.waitForSelector('[data-testid=token-input]');
        const order = await p.evaluate(() => {
          const v = document.querySelector('[data-testid=sts-verdict]');
          const t = document.querySelector('[data-testid=token-input]');
          return v.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING;
        });
        assert.ok(order, 'the verdict precedes the token box in the DOM');
        await p.click('[data-testid=example-button]');
        await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
        assert.ok((await headlineTop(p)) < height - 40, `success headline at ${await headlineTop(p)} px`);
        heights.push(`example ${width} px: ${await pageHeight(p)} px`);
        await p.screenshot({ path: join(ARTIFACTS, `layout-example-${width}.png`) });
        // Discovery checks that all pass only confirm: folded, one click away.
        assert.equal(await p.getAttribute('[data-testid=discovery-checks]', 'data-folded'), 'true');
        assert.equal(await p.locator('[data-testid=discovery-checks] details[open]').count(), 0);
        // The claims AWS reads (and those the policy checks) first; the ones that only describe the workload folded.
        const primary = await p.$$eval('[data-testid=claims-table] tr[data-claim]', (rows) => rows.map((r) => r.dataset.claim));
        const folded = await p.$$eval('[data-testid=claims-table-more] tr[data-claim]', (rows) => rows.map((r) => r.dataset.claim));
        for (const claim of ['iss', 'sub', 'aud', 'exp', 'iat']) assert.ok(primary.includes(claim), `${claim} in ${primary}`);
        for (const claim of ['jti', 'kubernetes.io.pod.uid']) assert.ok(folded.includes(claim), `${claim} in ${folded}`);
        assert.equal(await p.getAttribute('[data-testid=claims-more]', 'open'), null);
        assert.match(await p.innerText('[data-testid=claims-more] summary'), new RegExp(`^${folded.length} more claims`));
        if (width === 375) {
          // A claim's card on a phone: its labels sit on the lines they label (no line of its own each).
          const aud = await p.$eval('table.claims tr[data-claim=aud]', (el) => el.getBoundingClientRect().height);
          assert.ok(aud < 170, `the aud card is ${aud} px tall`);
          await p.locator('.panel-decoded').screenshot({ path: join(ARTIFACTS, 'layout-claims-375.png') });
        }

        await p.fill('[data-testid=policy-input]', failing(await p.inputValue('[data-testid=policy-input]')));
        await p.waitForSelector(`${VERDICT}[data-outcome=failure]`);
        assert.ok((await headlineTop(p)) < height - 40, `failure headline at ${await headlineTop(p)} px`);
        heights.push(`failure ${width} px: ${await pageHeight(p)} px`);
        if (width === 375) {
          // On a phone the verdict's facts stack and two fields of a pair too: nothing is cut mid-word for want of width.
          const message = await p.$eval('[data-testid=sts-message]', (el) => el.getBoundingClientRect().width);
          assert.ok(message > 250, `AWS's message box is ${message} px wide`);
          // AWS's message keeps `sts:AssumeRoleWithWebIdentity` whole: two lines, the action on the second.
          const lines = await p.$eval('[data-testid=sts-message]', (el) => {
            const r = document.createRange();
            r.selectNodeContents(el);
            return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
          });
          assert.ok(lines <= 2, `AWS's message takes ${lines} lines`);
          const lefts = await p.$$eval('.field-pair > *', (els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
          assert.ok(lefts.length >= 2 && lefts.every((l) => l === lefts[0]), `fields of a pair stack: ${lefts}`);
        }
        await p.screenshot({ path: join(ARTIFACTS, `layout-failure-${width}.png`) });
        assert.deepEqual(b.pageErrors, []);
      } finally {
        await b.close();
      }
    });

    await t.test(`a link's recipient sees the verdict on the first screen at ${width} px`, async () => {
      const link = encodeLink(server.url, { t: TOKEN, p: failing(POLICY), at: AT, m: 'full' });
      const b = await openPage(link, { viewport: { width, height } });
      try {
        const p = b.page;
        await p.waitForSelector(`${VERDICT}[data-outcome=failure]`);
        await p.waitForSelector('[data-testid=link-banner][data-state=opened]');
        assert.ok((await headlineTop(p)) < height - 40, `recipient's headline at ${await headlineTop(p)} px`);
        heights.push(`recipient ${width} px: ${await pageHeight(p)} px`);
        await p.screenshot({ path: join(ARTIFACTS, `layout-recipient-${width}.png`) });
      } finally {
        await b.close();
      }
    });
  }

  await t.test('passed steps are folded, the failing one is open; a strip link opens a folded step', async () => {
    const b = await openPage(server.url);
    try {
      const p = b.page;
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      await p.fill('[data-testid=policy-input]', failing(await p.inputValue('[data-testid=policy-input]')));
      await p.waitForSelector(`${VERDICT}[data-outcome=failure]`);
      // The audience step passed: folded. The trust-policy step failed: its checks are visible.
      assert.equal(await p.locator('#step-audience details.step-body').count(), 1);
      assert.equal(await p.locator('#step-audience details.step-body[open]').count(), 0);
      assert.equal(await p.locator('#step-audience .checks').isVisible(), false);
      assert.equal(await p.locator('#step-trust_policy details.step-body').count(), 0);
      assert.ok(await p.locator('#step-trust_policy .checks').isVisible());
      await p.click('[data-strip-step=audience] a');
      await p.waitForSelector('#step-audience details.step-body[open]');
      assert.ok(await p.locator('#step-audience .checks').isVisible());
    } finally {
      await b.close();
    }
  });

  await t.test('the example: the key that verified in view, the rotation key folded', async () => {
    const b = await openPage(server.url);
    try {
      const p = b.page;
      await p.click('[data-testid=example-button]');
      await p.waitForSelector('[data-testid=signature-status][data-status=valid]');
      assert.ok(await p.locator('[data-testid=key-list] .key[data-verified=true]').isVisible());
      assert.match(await p.textContent('[data-testid=other-keys] summary'), /^1 other key in the set/);
      assert.equal(await p.locator('[data-testid=other-keys] .key').isVisible(), false);
    } finally {
      await b.close();
    }
  });

  await t.test('a long policy shows the statements that can decide and folds the rest', async () => {
    const b = await openPage(server.url);
    try {
      const p = b.page;
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      const doc = JSON.parse(await p.inputValue('[data-testid=policy-input]'));
      const others = Array.from({ length: 200 }, (_, i) => ({
        Sid: `Other${i}`,
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/oidc.example${i}.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }));
      doc.Statement = [...others, ...doc.Statement];
      // As a paste delivers it: one input event (Playwright's fill of 40 KB takes seconds of its own).
      await p.$eval(
        '[data-testid=policy-input]',
        (el, text) => {
          el.value = text;
          el.dispatchEvent(new Event('input', { bubbles: true }));
        },
        JSON.stringify(doc, null, 2),
      );
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      const trust = '#step-trust_policy';
      assert.equal(await p.locator(`${trust} [data-testid=other-statements]`).count(), 1);
      assert.match(await p.textContent(`${trust} [data-testid=other-statements] summary`), /^200 other statements/);
      assert.equal(await p.locator(`${trust} [data-testid=other-statements][open]`).count(), 0);
      // The deciding statement is in view.
      assert.ok(await p.locator(`${trust} .statement[data-deciding=true]`).first().isVisible());
    } finally {
      await b.close();
    }
  });

  await t.test('the token coloured by part, and the claims the policy checks', async () => {
    const b = await openPage(server.url);
    try {
      const p = b.page;
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      const parts = await p.$$eval('[data-testid=token-colored] span', (els) => els.map((e) => [e.className, e.textContent]));
      const [h, pl, s] = TOKEN.split('.');
      assert.deepEqual(parts, [
        ['seg-header', h],
        ['seg-payload', pl],
        ['seg-signature', s],
      ]);
      // Each part has its own colour, and the coloured copy lies under the box's text: same box, same lines.
      const colours = await p.$$eval('[data-testid=token-colored] span', (els) => els.map((e) => getComputedStyle(e).color));
      assert.equal(new Set(colours).size, 3);
      const geometry = await p.evaluate(() => {
        const area = document.querySelector('[data-testid=token-input]');
        const back = document.querySelector('[data-testid=token-colored]');
        const a = area.getBoundingClientRect();
        const k = back.getBoundingClientRect();
        // The last character's line in the backdrop against the textarea's content height.
        return { a: [a.left, a.top, a.width], k: [k.left, k.top, k.width], back: back.scrollHeight, area: area.scrollHeight };
      });
      assert.deepEqual(geometry.k, geometry.a);
      // The same lines in both layers (within a line's height: 0.85rem × 1.4 ≈ 19 px).
      assert.ok(Math.abs(geometry.back - geometry.area) < 10, `same lines: ${JSON.stringify(geometry)}`);
      assert.equal(await p.$eval('[data-testid=token-input]', (e) => getComputedStyle(e).color), 'rgba(0, 0, 0, 0)');

      const checked = await p.$$eval('[data-testid=checked-claim]', (els) => els.map((e) => [e.dataset.claim, e.dataset.result]));
      assert.deepEqual(checked, [
        ['sub', 'true'],
        ['aud', 'true'],
      ]);
      await p.fill('[data-testid=policy-input]', failing(await p.inputValue('[data-testid=policy-input]')));
      await p.waitForSelector('[data-testid=checked-claim][data-claim=sub][data-result=false]');
      assert.match(await p.textContent('[data-testid=checked-claim][data-claim=sub]'), /system:serviceaccount:payments:api — does not match/);
      await p.locator('.panel-token').screenshot({ path: join(ARTIFACTS, 'token-coloured.png') });
    } finally {
      await b.close();
    }
  });

  await t.test('copy the policy; a wrapped diff line keeps its indentation', async () => {
    const b = await openPage(server.url, { viewport: { width: 375, height: 667 } });
    try {
      const p = b.page;
      await b.context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await p.click('[data-testid=example-button]');
      await p.waitForSelector(`${VERDICT}[data-outcome=success]`);
      await p.click('[aria-label="Copy the trust policy"]');
      await p.waitForFunction(() => document.querySelector('.panel-policy .copy [role=status]')?.textContent === 'copied');
      assert.equal(await p.evaluate(() => navigator.clipboard.readText()), await p.inputValue('[data-testid=policy-input]'));

      await p.fill('[data-testid=policy-input]', failing(await p.inputValue('[data-testid=policy-input]')));
      await p.waitForSelector('[data-testid=suggested-policy-diff]');
      // The changed sub line is long: on a phone it wraps, and its second line starts under its text.
      const line = p.locator('[data-testid=suggested-policy-diff] .diff-line.ins').first();
      const wraps = await line.evaluate((e) => {
        const rects = [...e.getClientRects()];
        const range = document.createRange();
        range.selectNodeContents(e);
        const lines = [...range.getClientRects()];
        const lefts = [...new Set(lines.map((r) => Math.round(r.left)))];
        return { lines: lines.length, lefts, padding: getComputedStyle(e).paddingLeft, blocks: rects.length };
      });
      assert.ok(wraps.lefts.length >= 2, `the line wraps: ${JSON.stringify(wraps)}`);
      // The first line starts at the margin (the +/- mark), the next ones further in.
      assert.ok(wraps.lefts[1] > wraps.lefts[0], JSON.stringify(wraps));
      // The diff has no inner scroller to hide the change in; the whole edited policy (to copy) is folded under it.
      const diff = await p.$eval('[data-testid=suggested-policy-diff]', (e) => ({ scroll: e.scrollHeight, client: e.clientHeight }));
      assert.ok(diff.scroll <= diff.client + 1, `the diff scrolls inside itself: ${JSON.stringify(diff)}`);
      assert.equal(await p.getAttribute('[data-testid=suggested-policy-details]', 'open'), null);
      assert.match(await p.textContent('[data-testid=suggested-policy]'), /"Statement"/);
      await p.locator('[data-testid=suggested-policy-diff]').screenshot({ path: join(ARTIFACTS, 'diff-375.png') });
    } finally {
      await b.close();
    }
  });

  t.after(() => console.log(`page heights:\n  ${heights.join('\n  ')}`));
});
