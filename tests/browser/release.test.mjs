// The release bundle (scripts/release): what it holds, its checksums, and that packaging the same build twice gives
// byte-identical archives. Packages the page built already (dist/, or $TOKENSCOPE_DIST) with
// `scripts/release --dist DIR --no-cli`, so it takes seconds: the trunk build and the CLI's release build are not
// repeated here (the CLI binary is built by a full `scripts/release` only).
//
// Run: node --test tests/browser/release.test.mjs   (scripts/test runs it with the browser suite)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, utimes, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST } from './server.mjs';
import { crateVersion, packageRelease, run } from './hosting.mjs';

test('packaging the same build twice gives byte-identical archives', { timeout: 120_000 }, async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'tokenscope-release-test-'));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const first = await packageRelease(DIST, join(tmp, 'a'));
  // The second run packages a copy with other times and modes: none of that may reach the archive.
  const copy = join(tmp, 'dist-copy');
  await cp(DIST, copy, { recursive: true });
  for (const f of await readdir(copy)) {
    await utimes(join(copy, f), new Date(), new Date(2001, 1, 1));
    await chmod(join(copy, f), 0o600);
  }
  const second = await packageRelease(copy, join(tmp, 'b'));
  const [a, b] = [await readFile(first), await readFile(second)];
  if (!a.equals(b)) {
    // Say which member differs.
    for (const [dir, archive] of [
      ['ua', first],
      ['ub', second],
    ]) {
      run('mkdir', ['-p', join(tmp, dir)]);
      run('tar', ['-xzf', archive, '-C', join(tmp, dir)]);
    }
    const diff = run('bash', ['-c', `diff -r ${join(tmp, 'ua')} ${join(tmp, 'ub')} || true`]);
    const listA = run('tar', ['-tvzf', first]);
    const listB = run('tar', ['-tvzf', second]);
    assert.fail(`the archives differ (${a.length} vs ${b.length} bytes)\n${diff}\n${listA}\n${listB}`);
  }
  t.diagnostic(`${first}: ${a.length} bytes, identical twice`);
});

test('the bundle holds the site, _headers, both configs, HOSTING.md and checksums that verify', { timeout: 60_000 }, async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'tokenscope-release-test-'));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const archive = await packageRelease(DIST, join(tmp, 'out'));
  const name = `tokenscope-site-${await crateVersion()}`;

  // Members: sorted, owned by 0/0, one fixed time.
  const listing = run('tar', ['--numeric-owner', '-tvzf', archive]).trim().split('\n');
  const names = listing.map((l) => l.split(/\s+/).slice(5).join(' '));
  assert.deepEqual(names, [...names].sort(), 'members sorted by name');
  for (const l of listing) assert.match(l, /^[-d]rw[-x]r-[-x]r-[-x] 0\/0 /, `owner 0/0, modes 644/755: ${l}`);
  assert.equal(new Set(listing.map((l) => l.split(/\s+/).slice(3, 5).join(' '))).size, 1, 'one mtime');

  const dist = (await readdir(DIST)).sort();
  const expected = [
    `${name}/`,
    `${name}/Caddyfile`,
    `${name}/HOSTING.md`,
    `${name}/SHA256SUMS`,
    `${name}/nginx.conf`,
    `${name}/site/`,
    ...dist.map((f) => `${name}/site/${f}`),
  ].sort();
  assert.deepEqual(names, expected);
  assert.ok(dist.includes('_headers') && dist.includes('index.html'));

  run('tar', ['-xzf', archive, '-C', tmp]);
  const check = run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: join(tmp, name) });
  assert.equal(check.trim().split('\n').length, expected.filter((n) => !n.endsWith('/')).length - 1, check);
  const sums = run('sha256sum', [archive.split('/').pop()], { cwd: join(tmp, 'out') });
  assert.equal(await readFile(join(tmp, 'out', 'SHA256SUMS'), 'utf8'), sums, 'the output folder lists the archive');
});

test('hashed or revalidated: by rule, so a new on-demand module is revalidated without a list to update', async () => {
  const { classify } = await import('../../scripts/server-configs.mjs');
  const index =
    '<link rel="stylesheet" href="./style-28c4f30429cc992c.css"><script type="module">import x from ' +
    "'./tokenscope-web-f2fa026cc766531c.js'; init('./tokenscope-web-f2fa026cc766531c_bg.wasm')</script>";
  const files = [
    'index.html',
    '_headers',
    'style-28c4f30429cc992c.css',
    'tokenscope-web-f2fa026cc766531c.js',
    'tokenscope-web-f2fa026cc766531c_bg.wasm',
    'tokenscope-crypto.js',
    'tokenscope-crypto_bg.wasm',
    'tokenscope-crypto_loader.js',
    'tokenscope-tools.js',
    'tokenscope-tools_bg.wasm',
    'tokenscope-tools_loader.js',
    // Shaped like a hashed file, but the page does not name it: nothing says its name follows its content.
    'stray-0123456789abcdef.js',
  ];
  const { hashed, revalidated } = classify(files, index);
  assert.deepEqual(hashed, [
    'style-28c4f30429cc992c.css',
    'tokenscope-web-f2fa026cc766531c.js',
    'tokenscope-web-f2fa026cc766531c_bg.wasm',
  ]);
  assert.deepEqual(revalidated, [
    '_headers',
    'index.html',
    'stray-0123456789abcdef.js',
    'tokenscope-crypto.js',
    'tokenscope-crypto_bg.wasm',
    'tokenscope-crypto_loader.js',
    'tokenscope-tools.js',
    'tokenscope-tools_bg.wasm',
    'tokenscope-tools_loader.js',
  ]);
});
