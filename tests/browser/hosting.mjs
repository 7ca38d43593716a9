// Helpers for the release tests: package the built page with scripts/release, unpack it, and serve it with the
// configurations it ships, using Debian's nginx and caddy (scripts/setup test installs them).
//
// Each server is started by the test as a child process in the foreground (nginx `daemon off`, `caddy run`) with
// its own temporary prefix and configuration, on a free loopback port, and stopped by `close()`. The shipped config
// is used as it is, with the two lines a person edits (where it listens, where the site is) replaced.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

/** Runs a command, failing with its output when it fails. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** Cargo.toml's version. */
export async function crateVersion() {
  const toml = await readFile(join(ROOT, 'Cargo.toml'), 'utf8');
  return /^\[package\][\s\S]*?^version = "([^"]+)"/m.exec(toml)[1];
}

/**
 * Packages a built page with `scripts/release --dist DIST --no-cli --out OUT` (no build).
 * @returns {Promise<string>} the archive's path
 */
export async function packageRelease(dist, out) {
  run('bash', [join(ROOT, 'scripts', 'release'), '--dist', dist, '--no-cli', '--out', out], { cwd: ROOT });
  return join(out, `tokenscope-site-${await crateVersion()}.tar.gz`);
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  const server = createServer();
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Replaces `pattern` in `text`, which must match exactly once (the shipped config's shape is part of the test). */
function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? [];
  if (matches.length !== 1) throw new Error(`expected one ${what} in the shipped config, found ${matches.length}`);
  return text.replace(pattern, replacement);
}

/** The shipped nginx.conf with its `listen` and `root` set for this machine. */
export function localNginx(config, { port, site }) {
  let c = replaceOnce(config, /^ {4}listen 80;$/m, `    listen 127.0.0.1:${port};`, '`listen 80;`');
  c = replaceOnce(c, /^ {4}root \/srv\/tokenscope-site-[^/\s]+\/site;$/m, `    root ${site};`, '`root /srv/…/site;`');
  return c;
}

/** The shipped Caddyfile with its site address and `root` set for this machine. */
export function localCaddyfile(config, { port, site }) {
  let c = replaceOnce(config, /^:80 \{$/m, `http://127.0.0.1:${port} {\n    bind 127.0.0.1`, '`:80 {`');
  c = replaceOnce(c, /^ {4}root \* \/srv\/tokenscope-site-[^/\s]+\/site$/m, `    root * ${site}`, '`root * /srv/…/site`');
  return c;
}

/** Waits until `url` answers (any status), or the child exits, or `timeoutMs` passes. */
async function waitForServer(url, child, output, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

async function startChild(cmd, args, { prefix, env = {}, port }) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((ok) => child.once('exit', ok));
  const url = `http://127.0.0.1:${port}/`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(prefix, { recursive: true, force: true });
  };
  try {
    await waitForServer(url, child, () => log);
  } catch (err) {
    await close();
    throw err;
  }
  return { url, origin: url.slice(0, -1), port, log: () => log, close };
}

/**
 * Serves `site` with the bundle's nginx.conf (read from `bundle`): nginx in the foreground, one process, with its
 * own prefix (pid, temp paths) and a main config that only includes the shipped one inside `http { }`.
 */
export async function startNginx(bundle, site) {
  const prefix = await mkdtemp(join(tmpdir(), 'tokenscope-nginx-'));
  const port = await freePort();
  const shipped = await readFile(join(bundle, 'nginx.conf'), 'utf8');
  await writeFile(join(prefix, 'tokenscope.conf'), localNginx(shipped, { port, site }));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `    ${t}_temp_path ${join(prefix, t)};`)
    .join('\n');
  const main = [
    'daemon off;',
    'master_process off;',
    `pid ${join(prefix, 'nginx.pid')};`,
    'error_log stderr warn;',
    'events { worker_connections 64; }',
    'http {',
    '    access_log off;',
    temp,
    `    include ${join(prefix, 'tokenscope.conf')};`,
    '}',
    '',
  ].join('\n');
  await writeFile(join(prefix, 'nginx.conf'), main);
  return startChild('nginx', ['-p', `${prefix}/`, '-e', 'stderr', '-c', join(prefix, 'nginx.conf')], {
    prefix,
    port,
  });
}

/**
 * Serves `site` with the bundle's Caddyfile: `caddy run` in the foreground with no admin endpoint
 * and its home in its own prefix, importing the shipped site block.
 */
export async function startCaddy(bundle, site) {
  const prefix = await mkdtemp(join(tmpdir(), 'tokenscope-caddy-'));
  const port = await freePort();
  const shipped = await readFile(join(bundle, 'Caddyfile'), 'utf8');
  await writeFile(join(prefix, 'site.caddy'), localCaddyfile(shipped, { port, site }));
  const main = [
    '{',
    '    admin off',
    '    auto_https off',
    '    storage file_system {',
    `        root ${join(prefix, 'data')}`,
    '    }',
    '}',
    `import ${join(prefix, 'site.caddy')}`,
    '',
  ].join('\n');
  await writeFile(join(prefix, 'Caddyfile'), main);
  const env = { HOME: prefix, XDG_DATA_HOME: join(prefix, 'data'), XDG_CONFIG_HOME: join(prefix, 'config') };
  return startChild('caddy', ['run', '--config', join(prefix, 'Caddyfile'), '--adapter', 'caddyfile'], {
    prefix,
    port,
    env,
  });
}
