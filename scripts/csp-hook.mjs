#!/usr/bin/env node
// Trunk post_build hook (Trunk.toml [[hooks]] stage = "post_build"): completes the page's Content-Security-Policy.
//
// index.html carries the policy in <meta http-equiv="Content-Security-Policy">, without hashes. Trunk then injects
// an inline <script type="module"> that loads the wasm, whose text names the hashed file names and so changes with
// every build. This hook runs after Trunk has written $TRUNK_STAGING_DIR/index.html (for `trunk build` and for each
// rebuild of `trunk serve`) and:
//
//   1. adds 'sha256-…' of every inline <script> to script-src (nothing else may run inline);
//   2. under `trunk serve`, recognised by Trunk's injected autoreload script, makes that script's text final
//      (Trunk would otherwise substitute the request's Host into it on every response, changing its hash) and
//      allows its websocket (ws://127.0.0.1:* ws://localhost:*) in connect-src;
//   3. refuses (exit 1, so the build fails) what the policy would silently block: no CSP meta, a CSP meta after the
//      first <script>/<link>, inline <style> blocks, style="…" attributes, or on…= event-handler attributes;
//   4. for `trunk build`, writes dist's `_headers` (Netlify / Cloudflare Pages syntax) with the headers a host should
//      send: the same policy plus frame-ancestors 'none', X-Content-Type-Options and Referrer-Policy.
//
// Runs with Node.js >= 20 (which scripts/setup requires anyway), no dependencies.
// By hand: node scripts/csp-hook.mjs [PATH/TO/index.html]   (default: $TRUNK_STAGING_DIR/index.html)

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The marker that identifies Trunk's injected autoreload script (trunk serve only). */
const AUTORELOAD_MARKER = '.well-known/trunk/ws';

/** Sources added to connect-src under `trunk serve`, for the autoreload websocket. */
export const SERVE_CONNECT_SOURCES = ['ws://127.0.0.1:*', 'ws://localhost:*'];

/** Headers for static hosts besides the CSP (which gets frame-ancestors, ignored in a meta element). */
export const EXTRA_HEADERS = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];

// The policy holds single quotes ('self'), so the content attribute is double-quoted.
const CSP_META_RE = /<meta\s+http-equiv\s*=\s*"Content-Security-Policy"\s+content\s*=\s*"([^"]*)"\s*\/?>/gi;
const SCRIPT_RE = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/** sha256 CSP source of a script's text, as the browser hashes it (after the HTML parser's newline normalisation). */
export function sha256Source(text) {
  const normalised = text.replace(/\r\n?/g, '\n');
  return `'sha256-${createHash('sha256').update(normalised, 'utf8').digest('base64')}'`;
}

/** Parses "a b c; d e" into [[name, [sources]]] keeping order. */
export function parsePolicy(policy) {
  return policy
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const [name, ...sources] = d.split(/\s+/);
      return [name.toLowerCase(), sources];
    });
}

export function formatPolicy(directives) {
  return directives.map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

function addSources(directives, name, sources) {
  const entry = directives.find(([n]) => n === name);
  if (!entry) throw new Error(`the policy has no ${name} directive to extend`);
  for (const s of sources) if (!entry[1].includes(s)) entry[1].push(s);
}

/**
 * Completes the CSP of one HTML document.
 * @param {string} html the page as Trunk wrote it
 * @param {{wsBase?: string}} [options] wsBase: Trunk's websocket base path (serve only; "/" for this project)
 * @returns {{html: string, policy: string, hashes: string[], serve: boolean}}
 */
export function applyCsp(html, { wsBase = '/' } = {}) {
  const metas = [...html.matchAll(CSP_META_RE)];
  if (metas.length !== 1) {
    throw new Error(`expected exactly one <meta http-equiv="Content-Security-Policy" content="…">, found ${metas.length}`);
  }
  const meta = metas[0];
  const firstActive = html.search(/<(script|link)\b/i);
  if (firstActive !== -1 && firstActive < meta.index) {
    throw new Error('the CSP <meta> must come before every <script> and <link>: a meta policy only governs what follows it');
  }
  const body = html.replace(SCRIPT_RE, '<script></script>'); // the markup outside scripts
  if (/<style\b/i.test(body)) throw new Error("inline <style> would be blocked by style-src 'self': use a CSS file");
  if (/<[a-z][^>]*\sstyle\s*=/i.test(body)) throw new Error("a style=\"…\" attribute would be blocked by style-src 'self'");
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(body)) throw new Error('an on…= event-handler attribute would be blocked by script-src');

  let serve = false;
  const hashes = [];
  const out = html.replace(SCRIPT_RE, (whole, attrs, text) => {
    if (/\ssrc\s*=/i.test(attrs)) {
      if (text.trim() !== '') throw new Error('a <script src> with inline text');
      return whole;
    }
    let final = text;
    if (text.includes(AUTORELOAD_MARKER)) {
      serve = true;
      // What trunk serve would substitute per response (src/serve/mod.rs), done once here so the hash holds:
      // the address falls back to the page's own host, as Trunk does without a Host header.
      final = text
        .replaceAll("'{{__TRUNK_ADDRESS__}}'", 'window.location.host')
        .replaceAll('`{{__TRUNK_ADDRESS__}}`', 'window.location.host')
        .replaceAll('{{__TRUNK_WS_BASE__}}', wsBase);
    }
    if (/\snonce\s*=/i.test(attrs)) throw new Error('a nonce attribute: this page uses hashes (set no create_nonce)');
    hashes.push(sha256Source(final));
    return `<script${attrs}>${final}</script>`;
  });

  const directives = parsePolicy(meta[1]);
  const scriptSrc = directives.find(([n]) => n === 'script-src');
  if (!scriptSrc) throw new Error('the policy has no script-src');
  // Drop hashes of a previous run (idempotent), then add this build's.
  scriptSrc[1] = scriptSrc[1].filter((s) => !/^'sha(256|384|512)-/.test(s));
  addSources(directives, 'script-src', hashes);
  if (serve) addSources(directives, 'connect-src', SERVE_CONNECT_SOURCES);
  const policy = formatPolicy(directives);
  if (/["'<>]/.test(policy.replace(/'[a-z0-9+/=-]+'/gi, ''))) throw new Error(`unexpected characters in the policy: ${policy}`);

  const newMeta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  // Replace by position: the meta precedes every script, so its offset is unchanged in `out`.
  const at = out.indexOf(meta[0]);
  return { html: out.slice(0, at) + newMeta + out.slice(at + meta[0].length), policy, hashes, serve };
}

/** The policy of a built page's CSP `<meta>` (exactly one is required), as written in it. */
export function policyOf(html) {
  const metas = [...html.matchAll(CSP_META_RE)];
  if (metas.length !== 1) {
    throw new Error(`expected exactly one <meta http-equiv="Content-Security-Policy" content="…">, found ${metas.length}`);
  }
  return metas[0][1];
}

/** The policy hosts send as a header: the page's policy plus frame-ancestors, which a meta element cannot set. */
export function headerPolicy(policy) {
  return `${policy}; frame-ancestors 'none'`;
}

/** The `_headers` file for static hosts (Netlify, Cloudflare Pages): the policy as a header, plus frame-ancestors. */
export function headersFile(policy) {
  const lines = ['/*', `  Content-Security-Policy: ${headerPolicy(policy)}`];
  for (const [k, v] of EXTRA_HEADERS) lines.push(`  ${k}: ${v}`);
  return `# Written by scripts/csp-hook.mjs for this build: the headers to send with every file.\n${lines.join('\n')}\n`;
}

function main() {
  const arg = process.argv[2];
  const staging = process.env.TRUNK_STAGING_DIR;
  if (!arg && !staging) {
    console.error('csp-hook: run by Trunk (TRUNK_STAGING_DIR unset) or give the path of an index.html');
    process.exit(2);
  }
  const file = resolve(arg ?? join(staging, 'index.html'));
  let result;
  try {
    result = applyCsp(readFileSync(file, 'utf8'), { wsBase: process.env.TOKENSCOPE_TRUNK_WS_BASE || '/' });
  } catch (err) {
    console.error(`csp-hook: ${file}: ${err.message}`);
    process.exit(1);
  }
  writeFileSync(file, result.html);
  if (!result.serve) writeFileSync(join(dirname(file), '_headers'), headersFile(result.policy));
  const what = result.serve ? 'trunk serve: autoreload script and websocket allowed' : 'wrote _headers';
  console.log(`csp-hook: ${result.hashes.length} inline script(s) hashed; ${what}`);
  console.log(`csp-hook: Content-Security-Policy: ${result.policy}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
