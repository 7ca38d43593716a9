// Unit tests of scripts/csp-hook.mjs (the Trunk post_build hook that completes the Content-Security-Policy), on
// small HTML documents shaped like Trunk 0.21.14's output. No browser: e2e.test.mjs checks the built page in one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyCsp, headersFile, parsePolicy, sha256Source } from '../../scripts/csp-hook.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_POLICY = readFileSync(join(ROOT, 'index.html'), 'utf8').match(
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/,
)[1];

const LOADER = `
import init, * as bindings from './tokenscope-web-0123456789abcdef.js';
const wasm = await init({ module_or_path: './tokenscope-web-0123456789abcdef_bg.wasm' });
`;
const AUTORELOAD = `(function () {
    const address = '{{__TRUNK_ADDRESS__}}';
    const base = '{{__TRUNK_WS_BASE__}}';
    const url = 'ws://' + address + base + '.well-known/trunk/ws';
})()`;

const page = ({ policy = SOURCE_POLICY, head = '', body = '', loader = LOADER } = {}) => `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${policy}" />
    ${head}<link rel="stylesheet" href="./style-1.css" integrity="sha384-x"/>
<script type="module">${loader}</script>
  <link rel="modulepreload" href="./tokenscope-web-0123456789abcdef.js" crossorigin="anonymous"></head>
  <body>${body}</body>
</html>`;

const directives = (policy) => Object.fromEntries(parsePolicy(policy));

test('index.html carries the policy without hashes, and without frame-ancestors (ignored in a meta)', () => {
  const d = directives(SOURCE_POLICY);
  assert.deepEqual(d['default-src'], ["'none'"]);
  assert.deepEqual(d['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.equal(d['frame-ancestors'], undefined);
});

test('build: the loader is hashed into script-src, nothing else changes', () => {
  const { html, policy, hashes, serve } = applyCsp(page());
  assert.equal(serve, false);
  const expected = `'sha256-${createHash('sha256').update(LOADER).digest('base64')}'`;
  assert.deepEqual(hashes, [expected]);
  const d = directives(policy);
  assert.deepEqual(d['script-src'], ["'self'", "'wasm-unsafe-eval'", expected]);
  assert.ok(!d['connect-src'].some((s) => s.startsWith('ws')));
  assert.ok(html.includes(`content="${policy}"`));
  assert.equal(html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''), page().replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
});

test('idempotent: a second run replaces the hashes instead of adding more', () => {
  const once = applyCsp(page());
  const twice = applyCsp(once.html);
  assert.equal(twice.html, once.html);
});

test('hashes what the browser hashes: CR LF and CR are normalised to LF', () => {
  assert.equal(sha256Source('a\r\nb\rc'), sha256Source('a\nb\nc'));
  const { hashes } = applyCsp(page({ loader: LOADER.replaceAll('\n', '\r\n') }));
  assert.deepEqual(hashes, [sha256Source(LOADER)]);
});

test('serve: the autoreload script is made final, hashed, and its websocket allowed', () => {
  const { html, policy, hashes, serve } = applyCsp(page({ body: `<script>${AUTORELOAD}</script>` }), { wsBase: '/' });
  assert.equal(serve, true);
  assert.equal(hashes.length, 2);
  assert.ok(!html.includes('{{__TRUNK_ADDRESS__}}') && !html.includes('{{__TRUNK_WS_BASE__}}'));
  assert.ok(html.includes('const address = window.location.host;'));
  assert.ok(html.includes("const base = '/';"));
  const final = html.match(/<script>([\s\S]*?)<\/script>/)[1];
  assert.equal(hashes[1], sha256Source(final));
  assert.deepEqual(directives(policy)['connect-src'].slice(-2), ['ws://127.0.0.1:*', 'ws://localhost:*']);
});

test('refuses what the policy would silently block', () => {
  assert.throws(() => applyCsp(page().replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')), /exactly one/);
  assert.throws(
    () => applyCsp(page({ head: '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'" />' })),
    /exactly one/,
  );
  const late = page().replace(/(<meta http-equiv="Content-Security-Policy"[^>]*>)/, '').replace('</head>', `${page().match(/<meta http-equiv="Content-Security-Policy"[^>]*>/)[0]}</head>`);
  assert.throws(() => applyCsp(late), /before every <script> and <link>/);
  assert.throws(() => applyCsp(page({ head: '<style>body{}</style>' })), /inline <style>/);
  assert.throws(() => applyCsp(page({ body: '<div style="color:red"></div>' })), /style=/);
  assert.throws(() => applyCsp(page({ body: '<button onclick="x()"></button>' })), /event-handler/);
  assert.throws(() => applyCsp(page({ policy: "default-src 'none'" })), /script-src/);
});

test('_headers for static hosts: the same policy as a header, plus frame-ancestors and the other headers', () => {
  const { policy } = applyCsp(page());
  const text = headersFile(policy);
  assert.ok(text.includes(`  Content-Security-Policy: ${policy}; frame-ancestors 'none'\n`));
  assert.ok(text.includes('  X-Content-Type-Options: nosniff\n'));
  assert.ok(text.includes('  Referrer-Policy: no-referrer\n'));
});
