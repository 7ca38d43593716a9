// A tiny static file server for the browser tests (node:http, no dependencies).
//
// As a module:  const { url, close } = await startStatic('dist');   // url is like http://127.0.0.1:41234/
// As a CLI:     node tests/browser/server.mjs [DIR=dist] [--port N]  (port 0, the default, picks a free one)
//
// Serves DIR on 127.0.0.1 only, with the MIME types the page needs (application/wasm for .wasm, which
// WebAssembly.instantiateStreaming requires), index.html for directories, and no caching.

import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(path) {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

// Maps a URL path to a file under root, or null when it would leave root.
function resolvePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(join(root, decoded));
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function handle(root, req, res, extraHeaders = {}) {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');

  let file = resolvePath(root, new URL(req.url, 'http://localhost').pathname);
  if (file === null) return send(403, 'forbidden\n');
  let info;
  try {
    info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
  } catch {
    return send(404, 'not found\n');
  }
  if (!info.isFile()) return send(404, 'not found\n');

  res.writeHead(200, {
    'content-type': mimeType(file),
    'content-length': info.size,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extraHeaders,
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** The repository's root. */
export const ROOT = resolve(HERE, '..', '..');
/** The built page the browser tests serve: $TOKENSCOPE_DIST, else dist/ (from `trunk build --release`). */
export const DIST = resolve(process.env.TOKENSCOPE_DIST || join(ROOT, 'dist'));
/** Where the browser tests leave their screenshots. */
export const ARTIFACTS = join(HERE, 'artifacts');

/**
 * Serves the built page (DIST) after checking that it was built, and makes the screenshots folder.
 * @returns {ReturnType<typeof startStatic>}
 */
export async function startDist({ hostHeaders = false } = {}) {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: run \`trunk build --release\` first`);
  }
  await mkdir(ARTIFACTS, { recursive: true });
  return startStatic(DIST, { headers: hostHeaders ? hostHeadersOf(DIST) : {} });
}

/**
 * The headers `dist/_headers` (written by scripts/csp-hook.mjs) tells a host to send with every file, as an object.
 * @param {string} dir the built page
 */
export function hostHeadersOf(dir) {
  const text = readFileSync(join(dir, '_headers'), 'utf8');
  const headers = {};
  for (const line of text.split('\n')) {
    const m = /^\s+([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (m) headers[m[1].toLowerCase()] = m[2].trim();
  }
  return headers;
}

/**
 * Serves `dir` on 127.0.0.1.
 * @param {string} dir directory to serve
 * @param {{port?: number, headers?: Record<string, string>}} [options] port 0 (the default) picks a free port;
 *   headers are sent with every file
 * @returns {Promise<{url: string, origin: string, port: number, close: () => Promise<void>}>}
 */
export async function startStatic(dir, { port = 0, headers = {} } = {}) {
  const root = resolve(dir);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`startStatic: ${root} is not a directory`);

  const server = createServer((req, res) => {
    handle(root, req, res, headers).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${err.message}\n`);
    });
  });
  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, '127.0.0.1', resolveListen);
  });
  const actualPort = server.address().port;
  const origin = `http://127.0.0.1:${actualPort}`;
  return {
    url: `${origin}/`,
    origin,
    port: actualPort,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections?.();
      }),
  };
}

// CLI: node tests/browser/server.mjs [DIR] [--port N]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let dir = 'dist';
  let port = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '-h' || args[i] === '--help') {
      console.log('usage: node tests/browser/server.mjs [DIR=dist] [--port N]');
      process.exit(0);
    } else dir = args[i];
  }
  const server = await startStatic(dir, { port });
  console.log(`serving ${resolve(dir)} at ${server.url} (Ctrl-C to stop)`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
