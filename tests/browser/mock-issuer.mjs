// A mock OIDC issuer for the browser tests: node:http + node:crypto only, on 127.0.0.1 with a random port.
//
//   const mock = await startMockIssuer();
//   mock.origin                 http://127.0.0.1:PORT
//   mock.issuer('cors')         http://127.0.0.1:PORT/cors    (each behaviour has its own issuer URL)
//   mock.token('cors', {sub: 'x'}, {header: {...}})   an RS256 token for that issuer, signed here
//   mock.requests               every request received: {method, url, path, behaviour, headers, body}
//   await mock.close()          stops answering, ends held requests and connections, closes the port
//
// Behaviours, each serving GET /<name>/.well-known/openid-configuration and GET /<name>/keys (the JWKS):
//   cors      Access-Control-Allow-Origin: *; discovery and JWKS consistent with the token: verifies
//   nocors    the same documents without any CORS header: a page sees a network/CORS failure, curl works
//   slow      answers only after `slowMillis` (12 s; the page gives up after 8 s), or never if slowMillis is null
//   internal  discovery's jwks_uri is the EKS in-cluster endpoint (https://ip-10-0-0-1.eu-west-1.compute.internal/
//             openid/v1/jwks), which nobody outside the VPC can reach; <issuer>/keys still serves the JWKS
//   rotated   the JWKS lacks the token's kid (only the example set's other key)
//   mismatch  discovery's issuer is another issuer's URL than the tokens' iss
//
// Tokens are signed with tests/fixtures/example/private-key.pem by node:crypto (RSASSA-PKCS1-v1_5 with SHA-256),
// independently of the Rust code; the kid is that of the example JWKS entry whose modulus matches the private
// key. Claims are the example token's (an EKS projected service-account token) with iss set to the behaviour's
// issuer and iat/nbf/exp around the real current time, so the page's default "now" evaluates them as current.
//
// Nothing here connects anywhere: the server only answers on loopback. The internal jwks_uri is text in a
// document; the page maps it to <issuer>/keys and never requests it (and browser.mjs blocks it if it did).

import { createServer } from 'node:http';
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const EXAMPLE_DIR = resolve(HERE, '..', 'fixtures', 'example');

export const BEHAVIOURS = ['cors', 'nocors', 'slow', 'internal', 'rotated', 'mismatch'];
export const INTERNAL_JWKS_URI = 'https://ip-10-0-0-1.eu-west-1.compute.internal/openid/v1/jwks';
/** Lifetime of the tokens (EKS projected tokens for STS default to 24 h). */
export const TOKEN_LIFETIME = 86_400;

export const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** Decodes the payload of a compact JWS (for tests; no verification). */
export function decodePayload(token) {
  return JSON.parse(Buffer.from(token.trim().split('.')[1], 'base64url').toString('utf8'));
}

/** Loads the TEST-ONLY private key and finds its kid in the example JWKS by comparing moduli. */
export function loadSigningKey(dir = EXAMPLE_DIR) {
  const privateKey = createPrivateKey(readFileSync(join(dir, 'private-key.pem'), 'utf8'));
  const pub = createPublicKey(privateKey).export({ format: 'jwk' });
  const jwks = JSON.parse(readFileSync(join(dir, 'jwks.json'), 'utf8'));
  const entry = jwks.keys.find((k) => k.kty === 'RSA' && k.n === pub.n && k.e === pub.e);
  if (!entry?.kid) throw new Error(`no key in ${dir}/jwks.json matches private-key.pem`);
  return { privateKey, kid: entry.kid, jwks, signingJwk: entry, otherJwks: jwks.keys.filter((k) => k !== entry) };
}

/** Signs `claims` as a compact RS256 JWS. */
export function signToken(claims, { privateKey, kid }, header = {}) {
  const h = { alg: 'RS256', kid, typ: 'JWT', ...header };
  const input = `${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(input, 'ascii'), privateKey); // PKCS#1 v1.5 for RSA keys
  return `${input}.${b64url(signature)}`;
}

/**
 * Starts the mock issuer.
 * @param {{slowMillis?: number|null, now?: () => number}} [options]
 *   slowMillis: how long `slow` holds each request (null: never answers; closed by close()).
 *   now: the clock for iat/exp, unix seconds (default: the real one).
 */
export async function startMockIssuer({ slowMillis = 12_000, now = () => Math.floor(Date.now() / 1000) } = {}) {
  const key = loadSigningKey();
  const exampleClaims = decodePayload(readFileSync(join(EXAMPLE_DIR, 'token.jwt'), 'utf8'));
  const exampleDiscovery = JSON.parse(readFileSync(join(EXAMPLE_DIR, 'openid-configuration.json'), 'utf8'));
  const requests = [];
  const held = new Set(); // timers of `slow` answers not yet sent
  let closing = false;
  let origin = '';

  const issuer = (name) => {
    if (!BEHAVIOURS.includes(name)) throw new Error(`unknown mock issuer behaviour '${name}'`);
    return `${origin}/${name}`;
  };

  const discovery = (name) => {
    const iss = issuer(name);
    const doc = { ...exampleDiscovery, issuer: iss, jwks_uri: `${iss}/keys` };
    if (name === 'internal') doc.jwks_uri = INTERNAL_JWKS_URI;
    if (name === 'mismatch') doc.issuer = `${origin}/some-other-issuer`;
    return doc;
  };

  const jwks = (name) =>
    name === 'rotated' ? { keys: key.otherJwks } : { keys: key.jwks.keys };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://mock');
      const [, name, ...rest] = url.pathname.split('/');
      const path = `/${rest.join('/')}`;
      requests.push({
        method: req.method,
        url: `${origin}${req.url}`,
        path: url.pathname,
        behaviour: name,
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const cors = BEHAVIOURS.includes(name) && name !== 'nocors';
      const send = (status, body) => {
        const headers = {
          'content-type': status === 200 ? 'application/json' : 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
        };
        if (cors) headers['access-control-allow-origin'] = '*';
        const text = typeof body === 'string' ? body : JSON.stringify(body, null, 1);
        res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
        res.end(req.method === 'HEAD' ? undefined : text);
      };
      if (!BEHAVIOURS.includes(name)) return send(404, 'no such issuer\n');
      if (req.method === 'OPTIONS') {
        if (cors) res.setHeader('access-control-allow-methods', 'GET');
        res.writeHead(204);
        return res.end();
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
      let body;
      if (path === '/.well-known/openid-configuration') body = discovery(name);
      else if (path === '/keys') body = jwks(name);
      else return send(404, 'not found\n');
      if (name === 'slow') {
        if (slowMillis === null || closing) return; // never answers; close() ends the connection
        const timer = setTimeout(() => {
          held.delete(timer);
          if (!res.destroyed) send(200, body);
        }, slowMillis);
        held.add(timer);
        return;
      }
      send(200, body);
    });
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  origin = `http://127.0.0.1:${server.address().port}`;

  /** Claims of a token for `name`, like the example's but for this issuer and current. */
  const claims = (name, overrides = {}) => {
    const iat = now() - 60;
    const c = structuredClone(exampleClaims);
    c.iss = issuer(name);
    c.iat = iat;
    c.nbf = iat;
    c.exp = iat + TOKEN_LIFETIME;
    if (c['kubernetes.io'] && typeof c['kubernetes.io'] === 'object' && 'warnafter' in c['kubernetes.io']) {
      c['kubernetes.io'].warnafter = iat + 3607;
    }
    return { ...c, ...overrides };
  };

  return {
    origin,
    issuer,
    discoveryUrl: (name) => `${issuer(name)}/.well-known/openid-configuration`,
    jwksUrl: (name) => `${issuer(name)}/keys`,
    discovery,
    jwks,
    kid: key.kid,
    claims,
    /** A signed token for behaviour `name`; `overrides` replace top-level claims, `header` adds header members. */
    token: (name, overrides = {}, { header = {} } = {}) => signToken(claims(name, overrides), key, header),
    requests,
    close: () =>
      new Promise((done) => {
        closing = true;
        for (const t of held) clearTimeout(t);
        held.clear();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

// CLI: node tests/browser/mock-issuer.mjs   (prints the issuers and a token per behaviour; Ctrl-C to stop)
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const mock = await startMockIssuer();
  for (const name of BEHAVIOURS) console.log(`${name.padEnd(9)} ${mock.issuer(name)}\n          ${mock.token(name)}`);
  const stop = () => mock.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
