// The page's first load carries no crypto crate: the signature arithmetic (rsa, crypto-bigint, p256/p384/p521) is
// only in the worker module that src/web/crypto_worker.rs starts when a signature is first checked. Checked on the
// built files (dist/, from `trunk build --release`) by the source paths that Rust leaves in a module for the crates
// linked into it; the smoke test checks that the browser requests the worker only once a signature is checked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from './server.mjs';

// rsa and its big integers; sec1 (points) and wnaf (scalar multiplication) for P-256/P-384/P-521.
const CRYPTO_CRATES = [/rsa-0\.\d+\.\d+\/src/, /crypto-bigint-0\.\d+\.\d+\/src/, /\bsec1-0\.\d+\.\d+\/src/, /\bwnaf-0\.\d+\.\d+\/src/];

test('the page module links no crypto crate; the signature module does', () => {
  const files = readdirSync(DIST);
  const page = files.filter((f) => /^tokenscope-web-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.equal(page.length, 1, `one page module in ${DIST}: ${files.join(', ')}`);
  for (const name of ['tokenscope-crypto_loader.js', 'tokenscope-crypto.js', 'tokenscope-crypto_bg.wasm']) {
    assert.ok(files.includes(name), `${name} is built beside the page (index.html, data-type="worker")`);
  }
  const text = (f) => readFileSync(join(DIST, f)).toString('latin1');
  const pageText = text(page[0]);
  for (const crate of CRYPTO_CRATES) assert.doesNotMatch(pageText, crate, `${page[0]} must not link ${crate}`);
  const worker = text('tokenscope-crypto_bg.wasm');
  assert.match(worker, /rsa-0\.\d+\.\d+\/src/, 'the signature module holds the RSA arithmetic');
  assert.match(worker, /\bsec1-0\.\d+\.\d+\/src/, 'the signature module holds the EC arithmetic');
  // The page's own HTML never loads the worker's files.
  assert.doesNotMatch(readFileSync(join(DIST, "index.html"), "utf8"), /<(script|link)[^>]*tokenscope-crypto/);
});

// The tools (src/bin/tokenscope-tools.rs) are a module of their own, loaded when a tool is first opened: the page's
// module must not link their code. Checked by texts only the tools' code holds: the Terraform renderer's resource
// type, the eksctl renderer's command, the cluster sign-in's refusal (core::cluster_auth) and the comparison's
// deciding sentence (core::answers::compare).
const TOOLS_ONLY = [
  'resource "aws_iam_openid_connect_provider"',
  'eksctl create iamserviceaccount',
  'the API server refuses the token (401 Unauthorized)',
  'the working token\'s `',
];

test('the page module links none of the tools; the tools module does', () => {
  const files = readdirSync(DIST);
  const page = files.filter((f) => /^tokenscope-web-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.equal(page.length, 1, `one page module in ${DIST}: ${files.join(', ')}`);
  for (const name of ['tokenscope-tools_loader.js', 'tokenscope-tools.js', 'tokenscope-tools_bg.wasm']) {
    assert.ok(files.includes(name), `${name} is built beside the page (index.html)`);
  }
  const text = (f) => readFileSync(join(DIST, f)).toString('latin1');
  const pageText = text(page[0]);
  const tools = text('tokenscope-tools_bg.wasm');
  for (const marker of TOOLS_ONLY) {
    assert.ok(!pageText.includes(marker), `${page[0]} must not hold the tools' text ${marker}`);
    assert.ok(tools.includes(marker), `the tools module holds ${marker}`);
  }
  assert.match(text('tokenscope-tools.js'), /\bmount\b/, 'the tools module exports mount');
  assert.doesNotMatch(readFileSync(join(DIST, 'index.html'), 'utf8'), /<(script|link)[^>]*tokenscope-tools/);
});
