// The release bundle served by the configurations it ships, with Debian's nginx and caddy: every file's response
// headers (this build's Content-Security-Policy with frame-ancestors, nosniff, no-referrer, the wasm MIME type,
// a year's caching for content-hashed files and revalidation for every other file), the page loading and verifying
// the example under them (and a share link made there naming the build in its banner), an injected inline script
// blocked by the header policy alone (CSP violation reported, script not run), and framing refused. Also measures
// the time from unpacking the bundle to a page that has verified the example.
//
// Run: node --test tests/browser/hosting.test.mjs   (needs dist/ from `trunk build --release`, nginx and caddy:
// scripts/setup test installs them)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deflateRawSync } from 'node:zlib';
import { ARTIFACTS, DIST, startStatic } from './server.mjs';
import { openPage } from './browser.mjs';
import { crateVersion, packageRelease, run, startCaddy, startNginx } from './hosting.mjs';

const IMMUTABLE = 'public, max-age=31536000, immutable';

let tmp;
let archive;
let name;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'tokenscope-hosting-test-'));
  archive = await packageRelease(DIST, join(tmp, 'out'));
  name = `tokenscope-site-${await crateVersion()}`;
  await mkdir(ARTIFACTS, { recursive: true });
});
after(() => rm(tmp, { recursive: true, force: true }));

/** Unpacks the archive into a fresh folder, as a person would in /srv. */
async function unpack(label) {
  const srv = join(tmp, `srv-${label}`);
  await mkdir(srv);
  run('tar', ['-xzf', archive, '-C', srv]);
  const bundle = join(srv, name);
  return { bundle, site: join(bundle, 'site') };
}

/** The headers the bundle's `_headers` lists for every file (scripts/csp-hook.mjs wrote it at build time). */
async function policyHeaders(site) {
  const text = await readFile(join(site, '_headers'), 'utf8');
  return Object.fromEntries(
    [...text.matchAll(/^ {2}([A-Za-z-]+): (.+)$/gm)].map((m) => [m[1].toLowerCase(), m[2]]),
  );
}

const MIME = { html: /^text\/html\b/, js: /^text\/javascript\b/, css: /^text\/css\b/, wasm: /^application\/wasm$/ };

async function checkHeaders(server, site) {
  const expected = await policyHeaders(site);
  assert.match(expected['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(expected['content-security-policy'], /; frame-ancestors 'none'$/);
  const index = await readFile(join(site, 'index.html'), 'utf8');
  const seen = {};
  // Every file of the site, and the site's root: independent of the configs' own rule, a file index.html names by
  // `./NAME` is one Trunk hashed (cached for a year); every other file is revalidated.
  const files = (await readdir(site)).sort();
  for (const path of ['', ...files]) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, path);
    await res.arrayBuffer();
    const h = (k) => res.headers.get(k);
    for (const [k, v] of Object.entries(expected)) assert.equal(h(k), v, `${path || '/'}: ${k}`);
    const hashed = path !== '' && index.includes(`./${path}`);
    assert.equal(h('cache-control'), hashed ? IMMUTABLE : 'no-cache', `${path || '/'}: cache-control`);
    const ext = path === '' ? 'html' : path.split('.').pop();
    if (MIME[ext]) assert.match(h('content-type') ?? '', MIME[ext], `${path || '/'}: content-type`);
    seen[path || '/'] = Object.fromEntries(
      ['content-type', 'cache-control', 'content-security-policy', 'x-content-type-options', 'referrer-policy'].map(
        (k) => [k, h(k)],
      ),
    );
  }
  assert.ok(files.some((f) => f.endsWith('.wasm') && index.includes(`./${f}`)), 'a hashed .wasm');
  assert.ok(files.some((f) => /^tokenscope-crypto/.test(f) && !index.includes(`./${f}`)), 'an unhashed module file');
  // An error response carries the policy too.
  const missing = await fetch(`${server.url}no-such-file.js`);
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-security-policy'), expected['content-security-policy'], '404');
  return seen;
}

/** Opens the served page, runs the example and waits for the verified verdict. */
async function verifyExample(t, url) {
  const b = await openPage(url);
  t.after(() => b.close());
  const { page } = b;
  await page.click('[data-testid=example-button]');
  await page.waitForSelector('[data-testid=signature-status][data-status=valid]', { timeout: 20_000 });
  await page.waitForSelector('[data-testid=sts-verdict][data-outcome=success]', { timeout: 20_000 });
  return b;
}

/** The footer and a share link's banner name the build; no error, no foreign request. */
async function checkPage(b, label) {
  const footer = await b.page.textContent('[data-testid=build]');
  assert.match(footer, /^TokenScope \d+\.\d+\.\d+\S* \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)$/, 'the footer names the build');
  // A link made here names this build (the banner's data-build; no sentence, since it is this page's), and a
  // link from another build says which.
  await b.page.click('[data-testid=share-button]');
  await b.page.waitForSelector('[data-testid=share-url]');
  const link = await b.page.inputValue('[data-testid=share-url]');
  const opened = await b.context.newPage();
  await opened.goto(link);
  await opened.waitForSelector('[data-testid=link-banner][data-state=opened]');
  assert.equal(`TokenScope ${await opened.getAttribute('[data-testid=link-banner]', 'data-build')}`, footer);
  assert.equal(await opened.locator('[data-testid=link-build]').count(), 0);
  const older = `${link.split('#')[0]}#v1.${deflateRawSync(
    Buffer.from(JSON.stringify({ p: '{}', at: 0, m: 'policy_only', b: { v: '0.0.9', c: '0123456789ab' } })),
  ).toString('base64url')}`;
  await opened.goto('about:blank');
  await opened.goto(older);
  await opened.waitForSelector('[data-testid=link-build]');
  assert.equal(
    await opened.textContent('[data-testid=link-build]'),
    `Made by TokenScope 0.0.9 (commit 0123456789ab); this page is ${footer.replace(/^TokenScope /, '')}.`,
  );
  await opened.close();
  assert.deepEqual(b.pageErrors, []);
  assert.deepEqual(b.consoleErrors, []);
  assert.deepEqual(b.foreignRequests(), []);
  await b.page.screenshot({ path: join(ARTIFACTS, `hosting-${label}.png`) });
}

/** A copy of index.html without its CSP meta and with an inline script: only the server's header can stop it. */
async function checkInjectedScript(t, server, site) {
  const index = await readFile(join(site, 'index.html'), 'utf8');
  const stripped = index.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  assert.notEqual(stripped, index);
  const injected = stripped.replace('<head>', '<head><script>window.__injected = true;</script>');
  await writeFile(join(site, 'injected.html'), injected);
  const record = () => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, disposition: e.disposition }),
    );
  };
  const b = await openPage(`${server.url}injected.html`, { initScripts: [record] });
  t.after(() => b.close());
  // The page's own loader is allowed by its hash in the header: the page still starts.
  await b.page.waitForSelector('[data-testid=example-button]');
  assert.equal(await b.page.evaluate(() => window.__injected), undefined, 'the injected script ran');
  const violations = await b.page.evaluate(() => window.__violations);
  assert.deepEqual(
    violations.filter((v) => v.directive === 'script-src-elem' && v.blocked === 'inline'),
    [{ directive: 'script-src-elem', blocked: 'inline', disposition: 'enforce' }],
    JSON.stringify(violations),
  );
}

/** A page on another origin framing the served page: frame-ancestors 'none' refuses it. */
async function checkFraming(t, server) {
  const dir = join(tmp, `framer-${server.port}`);
  await mkdir(dir);
  await writeFile(join(dir, 'index.html'), `<!DOCTYPE html><iframe src="${server.url}"></iframe>`);
  const framer = await startStatic(dir);
  t.after(() => framer.close());
  const b = await openPage(framer.url, { allowOrigins: [server.origin] });
  t.after(() => b.close());
  await b.page.waitForTimeout(500);
  const frame = b.page.frames().find((f) => f !== b.page.mainFrame());
  assert.ok(frame, 'the iframe exists');
  assert.equal(await frame.$('[data-testid=example-button]').catch(() => null), null, 'the framed page rendered');
  assert.ok(
    b.consoleErrors.some((m) => /frame-ancestors/.test(m)),
    `a frame-ancestors refusal in the console: ${JSON.stringify(b.consoleErrors)}`,
  );
}

for (const [label, start] of [
  ['nginx', startNginx],
  ['caddy', startCaddy],
]) {
  describe(`served by ${label} with the shipped config`, () => {
    test('unpacked, served and the example verified; the headers of every file', { timeout: 120_000 }, async (t) => {
      const t0 = performance.now();
      const { bundle, site } = await unpack(label);
      const tUnpacked = performance.now();
      const server = await start(bundle, site);
      t.after(() => server.close());
      const tServing = performance.now();
      const b = await verifyExample(t, server.url);
      const tVerified = performance.now();
      await checkPage(b, label);
      const ms = (a, b) => Math.round(b - a);
      const timing =
        `${label}: unpack ${ms(t0, tUnpacked)} ms, server up ${ms(tUnpacked, tServing)} ms, ` +
        `page loaded and example verified ${ms(tServing, tVerified)} ms (browser start included): ` +
        `${ms(t0, tVerified)} ms from unpacking to a working page ` +
        `(load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} CPUs)`;
      t.diagnostic(timing);
      console.log(timing);
      const seen = await checkHeaders(server, site);
      await writeFile(join(ARTIFACTS, `hosting-${label}.txt`), `${timing}\n\n${JSON.stringify(seen, null, 2)}\n`);
    });

    test('an injected inline script is blocked by the header policy; framing is refused', { timeout: 120_000 }, async (t) => {
      const { bundle, site } = await unpack(`${label}-csp`);
      const server = await start(bundle, site);
      t.after(() => server.close());
      await checkInjectedScript(t, server, site);
      await checkFraming(t, server);
    });
  });
}
