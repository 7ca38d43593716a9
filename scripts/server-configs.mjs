#!/usr/bin/env node
// Writes the server configurations of a release (scripts/release) from the built page: an nginx server block and a
// Caddyfile that send this build's Content-Security-Policy (the page's <meta> policy, hash included, plus
// frame-ancestors 'none', exactly as dist/_headers has it), X-Content-Type-Options: nosniff,
// Referrer-Policy: no-referrer, application/wasm for .wasm, and caching by rule:
//
//   - a file whose name carries Trunk's content hash (STEM-HEX.css|js, STEM-HEX_bg.wasm) and that index.html names
//     (`./NAME`) never changes under that name: `Cache-Control: public, max-age=31536000, immutable`;
//   - every other file — index.html, and the files Trunk does not hash (the on-demand modules' workers and loaders,
//     `tokenscope-crypto*`, and any added later) — is revalidated on every use: `Cache-Control: no-cache`, so a new
//     page never meets an old module.
//
// The configs list this build's hashed files by name; everything else falls to the no-cache default. Replace them
// with every release (the policy's hash changes with every build).
//
// Node.js >= 20, no dependencies. By hand:
//   node scripts/server-configs.mjs SITE_DIR OUT_DIR --version V --commit C [--root /srv/tokenscope-site-V/site]

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTRA_HEADERS, headerPolicy, policyOf } from './csp-hook.mjs';

/** How long a hashed file may be cached: one year, the longest value caches commonly honour. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** What every other file gets: cache it, but ask the server before each use. */
export const REVALIDATE = 'no-cache';

const HASHED_NAME_RE = /^[A-Za-z0-9_.-]+-[0-9a-f]{8,16}(_bg)?\.(css|js|wasm)$/;

/**
 * Splits a built page's files into those named by content hash and the rest.
 * @param {string[]} files file names in the site's root (no sub-directories: Trunk writes none)
 * @param {string} indexHtml the built index.html
 * @returns {{hashed: string[], revalidated: string[]}} both sorted
 */
export function classify(files, indexHtml) {
  const hashed = [];
  const revalidated = [];
  for (const f of [...files].sort()) {
    if (HASHED_NAME_RE.test(f) && indexHtml.includes(`./${f}`)) hashed.push(f);
    else revalidated.push(f);
  }
  return { hashed, revalidated };
}

/** The headers every response carries, as [name, value] pairs (the CSP first). */
export function securityHeaders(indexHtml) {
  return [['Content-Security-Policy', headerPolicy(policyOf(indexHtml))], ...EXTRA_HEADERS];
}

const regexEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The nginx configuration: a `map` (http context) choosing Cache-Control by file name, and one `server`. Drop it in
 * /etc/nginx/conf.d/ (Debian: also sites-enabled/), which nginx includes inside `http { }`.
 */
export function nginxConfig({ headers, hashed, version, commit, root }) {
  const q = (v) => `"${v.replace(/["\\]/g, '\\$&')}"`;
  const lines = [
    `# TokenScope ${version} (commit ${commit}): nginx configuration, written by scripts/release for this build.`,
    '# Install: unpack the release in /srv (or change `root`), copy this file to /etc/nginx/conf.d/tokenscope.conf,',
    '# set `listen` and `server_name`, then `nginx -t && nginx -s reload`. Replace it with every release: the',
    "# Content-Security-Policy carries this build's script hash. TLS: add your certificate as for any site.",
    '',
    '# Files named by content hash never change: cached for a year. Everything else (index.html, the unhashed',
    '# worker and loader files of the on-demand modules) is revalidated on every use.',
    'map $uri $tokenscope_cache_control {',
    `    default ${q(REVALIDATE)};`,
    ...hashed.map((f) => `    ${q(`~/${regexEscape(f)}$`)} ${q(IMMUTABLE)};`),
    '}',
    '',
    'server {',
    '    listen 80;',
    '    server_name _;',
    `    root ${root};`,
    '    index index.html;',
    '    server_tokens off;',
    '    charset utf-8;',
    '    charset_types text/css text/javascript text/plain;',
    '',
    '    # Only the types the page uses; WebAssembly streaming compilation needs application/wasm.',
    '    types {',
    '        text/html html;',
    '        text/css css;',
    '        text/javascript js mjs;',
    '        application/wasm wasm;',
    '        text/plain txt;',
    '    }',
    '    default_type application/octet-stream;',
    '',
    '    gzip on;',
    '    gzip_types text/css text/javascript application/wasm;',
    '',
    '    # `always`: on error responses too. Set here only: an add_header inside a location would drop these.',
    ...headers.map(([k, v]) => `    add_header ${k} ${q(v)} always;`),
    '    add_header Cache-Control $tokenscope_cache_control always;',
    '',
    '    location / {',
    '        try_files $uri $uri/ =404;',
    '    }',
    '}',
    '',
  ];
  return lines.join('\n');
}

/**
 * The Caddyfile: a snippet with the security headers and one site block that serves the files with them, and its
 * error responses too (Caddy drops the headers set for a request that ends in an error, so `handle_errors` sets
 * them again). Use it as the whole Caddyfile, or `import` it from yours.
 */
export function caddyfile({ headers, hashed, version, commit, root }) {
  const q = (v) => `"${v.replace(/["\\]/g, '\\$&')}"`;
  const paths = hashed.map((f) => `*/${f}`).join(' ');
  const lines = [
    `# TokenScope ${version} (commit ${commit}): Caddyfile, written by scripts/release for this build.`,
    '# Install: unpack the release in /srv (or change `root`), put this in /etc/caddy/Caddyfile (or `import` it),',
    '# replace `:80` with your site address (Caddy then gets a certificate for it), then `systemctl reload caddy`.',
    "# Replace it with every release: the Content-Security-Policy carries this build's script hash.",
    '(tokenscope_security_headers) {',
    '    header {',
    ...headers.map(([k, v]) => `        ${k} ${q(v)}`),
    '        -Server',
    '    }',
    '}',
    '',
    ':80 {',
    `    root * ${root}`,
    '    encode zstd gzip',
    '    import tokenscope_security_headers',
    '    file_server',
    '',
    '    # Files named by content hash never change: cached for a year. Everything else (index.html, the unhashed',
    '    # worker and loader files of the on-demand modules) is revalidated on every use.',
    `    @hashed path ${paths}`,
    `    header @hashed Cache-Control ${q(IMMUTABLE)}`,
    `    @revalidated not path ${paths}`,
    `    header @revalidated Cache-Control ${q(REVALIDATE)}`,
    '',
    '    handle_errors {',
    '        import tokenscope_security_headers',
    `        header Cache-Control ${q(REVALIDATE)}`,
    '        respond "{err.status_code} {err.status_text}" {err.status_code}',
    '    }',
    '}',
    '',
  ];
  return lines.join('\n');
}

/**
 * Reads a built site and writes `nginx.conf` and `Caddyfile` into `outDir`. Fails when the site's `_headers`
 * (written by scripts/csp-hook.mjs) sends another policy than its index.html implies: a stale or edited build.
 */
export function writeConfigs(siteDir, outDir, { version, commit, root }) {
  const indexHtml = readFileSync(join(siteDir, 'index.html'), 'utf8');
  const headers = securityHeaders(indexHtml);
  const headersFile = readFileSync(join(siteDir, '_headers'), 'utf8');
  for (const [k, v] of headers) {
    if (!headersFile.includes(`  ${k}: ${v}\n`)) {
      throw new Error(`${siteDir}/_headers does not send \`${k}: ${v}\` (index.html's policy): rebuild the page`);
    }
  }
  const { hashed } = classify(readdirSync(siteDir), indexHtml);
  if (hashed.length === 0) throw new Error(`${siteDir}: no file named by content hash; is this a trunk build?`);
  const options = { headers, hashed, version, commit, root };
  writeFileSync(join(outDir, 'nginx.conf'), nginxConfig(options));
  writeFileSync(join(outDir, 'Caddyfile'), caddyfile(options));
  return { headers, hashed };
}

function main() {
  const args = process.argv.slice(2);
  const positional = [];
  const opts = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) opts[args[i].slice(2)] = args[++i];
    else positional.push(args[i]);
  }
  if (positional.length !== 2 || !opts.version || !opts.commit) {
    console.error('usage: node scripts/server-configs.mjs SITE_DIR OUT_DIR --version V --commit C [--root DIR]');
    process.exit(2);
  }
  const root = opts.root ?? `/srv/tokenscope-site-${opts.version}/site`;
  try {
    const { hashed } = writeConfigs(resolve(positional[0]), resolve(positional[1]), { ...opts, root });
    console.log(`server-configs: nginx.conf and Caddyfile written (${hashed.length} hashed files cached for a year)`);
  } catch (err) {
    console.error(`server-configs: ${err.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
