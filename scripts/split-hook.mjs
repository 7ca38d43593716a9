#!/usr/bin/env node
// Trunk post_build hook (Trunk.toml, before csp-hook.mjs): optimises the page's WebAssembly module and splits it in
// two, so that the first screen loads only what it runs.
//
// Trunk builds the page's module without wasm-opt (index.html: data-wasm-opt="0"); for a release build this hook:
//
//   1. reads the function names wasm-bindgen's output still has (rustc's, with their hash: stable while a
//      function's path and the build's settings are), then drops them, so that binaryen numbers the functions;
//   2. rewrites the one `table.fill` of length 1 that wasm-bindgen emits into the `table.set` it means, because
//      Debian's wasm-split (binaryen 108, the only wasm-split this kind of machine can install) predates table.fill;
//   3. splits the module with wasm-split: the functions the first screen runs (scripts/first-screen.txt, gathered
//      by scripts/first-screen-profile.mjs) stay in the page's module; every other function moves to a second
//      module, `tokenscope-web-HASH_split.wasm`, whose functions the first one calls through its table;
//   4. corrects wasm-split 108's export of the externref table (it writes table 0 for it), optimises each module
//      with wasm-opt -Oz (npm binaryen, the version Trunk.toml pins), and makes the JS bindings able to load the
//      second module: asynchronously on the visitor's first sign of use (pointer, touch, focus, key, paste, drop),
//      or beside the first when the address holds a share link. The page's clicks, inputs, changes, scrolls and
//      hashchanges that come while it is on its way wait for it and are dispatched again once it is there; a moved
//      function called any other way before then loads it synchronously (a message on the page if it cannot);
//   5. renames the page's module and bindings after a hash of what they now hold and updates index.html (file
//      names and Subresource Integrity); csp-hook.mjs, run next by post-build.mjs, hashes the loader that names them.
//
// A debug build (`trunk serve` without --release) is left as Trunk made it.
// Without wasm-split (a machine where `scripts/setup app` has not installed Debian's binaryen) the module is
// optimised and left whole: the page works the same and loads everything at once; the hook says so.
// TOKENSCOPE_SPLIT=off does the same on purpose. TOKENSCOPE_SPLIT=instrument instead writes wasm-split's
// instrumented module (it records which functions run) and the function names to $TOKENSCOPE_SPLIT_NAMES: this is
// how scripts/first-screen-profile.mjs gathers the first screen's functions.
//
// Runs with Node.js >= 20, no dependencies.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', '.bin');

/** The features the page's module uses: explicit, so that no tool emits an encoding wasm-split 108 cannot read. */
export const FEATURES = [
  '--enable-reference-types',
  '--enable-bulk-memory',
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-multivalue',
];

/** The list of the first screen's functions. */
export const FIRST_SCREEN = join(ROOT, 'scripts', 'first-screen.txt');

/** The page's bindings and module in a directory Trunk wrote (`tokenscope-web-HASH.js` and `…_bg.wasm`), or null. */
export function pageFiles(dir) {
  const wasm = readdirSync(dir).filter((f) => /^tokenscope-web-[0-9a-f]{16}_bg\.wasm$/.test(f));
  if (wasm.length === 0) return null; // another page built with this Trunk.toml (the benchmark's)
  if (wasm.length !== 1) throw new Error(`split-hook: expected one tokenscope-web-HASH_bg.wasm in ${dir}, found ${wasm.length}`);
  const hash = wasm[0].slice('tokenscope-web-'.length, -'_bg.wasm'.length);
  const js = `tokenscope-web-${hash}.js`;
  if (!existsSync(join(dir, js))) throw new Error(`split-hook: ${js} missing beside ${wasm[0]} in ${dir}`);
  return { hash, wasm: wasm[0], js };
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'inherit'], ...opts });
}

function haveWasmSplit() {
  try {
    run('wasm-split', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The names in wasm-opt's `--print-function-map` (lines `INDEX:NAME`, imports first), by index. */
export function functionNames(map) {
  const names = [];
  for (const line of map.split('\n')) {
    const m = /^(\d+):(.*)$/.exec(line);
    if (!m) continue;
    if (Number(m[1]) !== names.length) throw new Error(`split-hook: function map out of order at ${JSON.stringify(line)}`);
    names.push(m[2]);
  }
  return names;
}

/** wasm-bindgen's externref shims release a slot with `table.fill $t (i) (ref.null) (i32.const 1)`: one table.set. */
export function lowerTableFill(wat) {
  const re = /\(table\.fill (\$\S+)\n(\s+)(\(local\.get \$\d+\))\n\s+\(ref\.null (?:noextern|extern)\)\n\s+\(i32\.const 1\)\n(\s+)\)/g;
  const out = wat.replace(re, (_, table, indent, index, close) => `(table.set ${table}\n${indent}${index}\n${indent}(ref.null noextern)\n${close})`);
  if (out.includes('table.fill')) throw new Error('split-hook: a table.fill other than wasm-bindgen\'s length-1 release; wasm-split 108 cannot read it');
  return out;
}

/** wasm-split 108 exports the externref table as table 0 (the function table); the bindings need table 1. */
export function fixTableExport(wat) {
  const wrong = '(export "__wbindgen_externrefs" (table $0))';
  if (!wat.includes(wrong)) {
    if (wat.includes('(export "__wbindgen_externrefs" (table $1))')) return wat;
    throw new Error('split-hook: no __wbindgen_externrefs table export found');
  }
  return wat.replace(wrong, '(export "__wbindgen_externrefs" (table $1))');
}

function dis(file) {
  return run(join(BIN, 'wasm-dis'), [...FEATURES, file]).toString('utf8');
}

function as(wat, out, tmp) {
  const f = join(tmp, `as-${Math.random().toString(16).slice(2)}.wat`);
  writeFileSync(f, wat);
  run(join(BIN, 'wasm-as'), [...FEATURES, f, '-o', out]);
}

/** The code the bindings get: loads the second module and answers calls to its functions. */
export function loaderCode(secondaryName) {
  return `
// Added by scripts/split-hook.mjs: the functions the first screen does not run are in a second module, loaded on the
// visitor's first sign of use or with a share link's page. The page's clicks, inputs, changes, scrolls and
// hashchanges that come before it wait for it; any other early call of one of its functions loads it synchronously.
const __split = { url: new URL(${JSON.stringify(secondaryName)}, import.meta.url), instance: null, module: null, bytes: null, started: false, failed: null, exports: null };
const __split_held = [];
function __split_note(id, className, role) {
    let note = document.getElementById(id);
    if (!note) {
        note = document.createElement('div');
        note.id = id;
        note.className = className;
        note.setAttribute('role', role);
        note.append(document.createElement('p'));
        document.body.append(note);
    }
    return note;
}
// Shown while actions wait (touch and keyboard users see no cursor), and when the module cannot be loaded.
function __split_busy(on) {
    document.documentElement.classList.toggle('split-loading', on);
    document.getElementById('page')?.setAttribute('aria-busy', String(on));
    if (on) __split_note('split-busy', 'split-busy', 'status').firstChild.textContent = 'Loading the rest of TokenScope…';
    else document.getElementById('split-busy')?.remove();
}
function __split_failed(why, retry) {
    __split_busy(false);
    const note = __split_note('split-failed', 'split-failed', 'alert');
    note.firstChild.textContent = 'Part of TokenScope could not be loaded (' + why + '). Check the connection, then try again.';
    note.querySelector('button')?.remove();
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Try again';
    button.addEventListener('click', () => { note.remove(); retry(); });
    note.append(button);
}
function __split_instantiate(exports, module) {
    if (__split.instance) return;
    __split.instance = new WebAssembly.Instance(module, { primary: exports });
    __split.failed = null;
    document.getElementById('split-failed')?.remove();
}
function __split_load_sync() {
    if (__split.instance) return;
    if (__split.module) return __split_instantiate(wasm, __split.module);
    let bytes = __split.bytes;
    if (!bytes) {
        const xhr = new XMLHttpRequest();
        let status = 0;
        try {
            xhr.open('GET', __split.url, false);
            // A synchronous request in a page cannot ask for an ArrayBuffer: one byte per character instead.
            xhr.overrideMimeType('text/plain; charset=x-user-defined');
            xhr.send();
            status = xhr.status;
        } catch (e) {
            status = 0;
        }
        if (status !== 200) {
            __split.failed = status ? 'HTTP ' + status : 'the request failed';
            __split_failed(__split.failed, __split_retry);
            throw new Error('the rest of TokenScope did not load: ' + __split.failed);
        }
        const text = xhr.responseText;
        bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    }
    __split_instantiate(wasm, new WebAssembly.Module(bytes));
}
function __split_fetch() {
    return fetch(__split.url).then((r) => {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.arrayBuffer();
    }, () => { throw new Error('the request failed'); }).then((b) => { __split.bytes = b; return WebAssembly.compile(b); })
        .then((m) => { __split.module = m; return m; });
}
// Once both modules are there: link them and let the actions that waited through, in order. Inputs, changes and
// scrolls go together; a click or hashchange gets a task of its own, after the re-render of what came before it
// (a paste and then "Make link" must make the link of the pasted token).
function __split_dispatch(target, e) {
    if (e.type === 'click' && typeof target.click === 'function') target.click();
    else if (e.type === 'hashchange') dispatchEvent(new HashChangeEvent('hashchange', { oldURL: e.oldURL, newURL: e.newURL }));
    else target.dispatchEvent(new Event(e.type, { bubbles: e.bubbles }));
}
function __split_ready() {
    if (!__split.module || !__split.exports) return;
    __split_instantiate(__split.exports, __split.module);
    __split_busy(false);
    const next = () => {
        for (let first = true; __split_held.length; first = false) {
            const [target, e] = __split_held[0];
            const own = e.type === 'click' || e.type === 'hashchange';
            if (own && !first) break;
            __split_held.shift();
            __split_dispatch(target, e);
            if (own) break;
        }
        if (__split_held.length) setTimeout(next, 0);
    };
    next();
}
function __split_prefetch() {
    if (__split.started || __split.instance) return;
    __split.started = true;
    __split.failed = null;
    __split_fetch().then(__split_ready, (e) => {
        __split.started = false;
        __split.failed = e.message;
        // Actions that wait keep waiting for "Try again"; with none waiting, the next sign of use tries again.
        if (__split_held.length) __split_failed(__split.failed, __split_retry);
    });
}
function __split_retry() {
    __split.failed = null;
    if (__split_held.length) __split_busy(true);
    __split_prefetch();
}
function __split_hold(e) {
    if (__split.instance || !e.isTrusted || !__split.exports) return;
    if (e.type !== 'hashchange' && !(e.target instanceof Node && document.getElementById('page')?.contains(e.target))) return;
    e.stopImmediatePropagation();
    if (e.type === 'click') e.preventDefault();
    __split_held.push([e.type === 'hashchange' ? window : e.target, e]);
    // While the failure message is up, actions wait for its "Try again"; otherwise this action (re)starts the load.
    if (document.getElementById('split-failed')) return;
    __split_busy(true);
    __split_prefetch();
}
for (const type of ['click', 'input', 'change', 'scroll', 'hashchange']) addEventListener(type, __split_hold, { capture: true });
for (const type of ['pointermove', 'pointerdown', 'touchstart', 'focusin', 'keydown', 'paste', 'drop', 'dragenter']) {
    addEventListener(type, (e) => { if (e.isTrusted && !__split.failed) __split_prefetch(); }, { capture: true, passive: true });
}
// A share link renders its verdict at once: the module is fetched beside the first and linked before the page starts.
const __split_early = location.hash.length > 1;
if (__split_early) __split_prefetch();
async function __split_before_start(exports) {
    __split.exports = exports;
    if (!__split_early) return __split_ready();
    const page = document.getElementById('page');
    const wait = document.createElement('p');
    wait.className = 'split-wait';
    wait.setAttribute('role', 'status');
    wait.textContent = 'Opening the shared link…';
    page?.append(wait);
    // Until the module is there (or "Try again" brings it), the page cannot open the link: it does not start.
    while (!__split.module) {
        await new Promise((resolve) => {
            const poll = () => (__split.module ? resolve() : !__split.started ? resolve() : setTimeout(poll, 20));
            poll();
        });
        if (__split.module) break;
        await new Promise((resolve) => __split_failed(__split.failed || 'the request failed', () => { __split_prefetch(); resolve(); }));
    }
    wait.remove();
    __split_ready();
}
`;
}

/** Inserts the loader into wasm-bindgen 0.2.130's `--target web` bindings; throws if an anchor is missing. */
export function patchBindings(js, secondaryName) {
  const anchors = [
    ['function __wbg_get_imports() {', (a) => `${loaderCode(secondaryName)}\n${a}`],
    [
      '        "./tokenscope-web_bg.js": import0,\n',
      (a) => `${a}        placeholder: new Proxy({}, { get: (_, name) => (...args) => { __split_load_sync(); return wasm.table.get(Number(name))(...args); } }),\n`,
    ],
    [
      '    const { instance, module } = await __wbg_load(await module_or_path, imports);\n',
      (a) => `${a}    await __split_before_start(instance.exports);\n`,
    ],
  ];
  let out = js;
  for (const [anchor, make] of anchors) {
    const i = out.indexOf(anchor);
    if (i < 0 || out.indexOf(anchor, i + 1) >= 0) throw new Error(`split-hook: the bindings do not contain exactly one ${JSON.stringify(anchor)}`);
    out = out.slice(0, i) + make(anchor) + out.slice(i + anchor.length);
  }
  return out;
}

function sri(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** Points index.html at the renamed files and gives them their new integrity values. */
export function rewriteIndex(html, { oldHash, newHash, js, wasm }) {
  let out = html.split(oldHash).join(newHash);
  const setIntegrity = (name, bytes) => {
    const re = new RegExp(`(href="\\./${name.replace(/[.]/g, '\\.')}"[^>]*?integrity=")[^"]*(")`);
    if (re.test(out)) out = out.replace(re, `$1${sri(bytes)}$2`);
  };
  setIntegrity(js.name, js.bytes);
  setIntegrity(wasm.name, wasm.bytes);
  return out;
}

function main() {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
  if (!dir) {
    console.error('split-hook: run by Trunk (TRUNK_STAGING_DIR unset) or give the directory Trunk built');
    process.exit(2);
  }
  const mode = process.env.TOKENSCOPE_SPLIT || 'on';
  if (process.env.TRUNK_PROFILE === 'debug') {
    // A debug build (plain `trunk serve`) is neither optimised nor split, as Trunk skips wasm-opt there too.
    console.error('split-hook: debug build: the page module is left whole');
    return;
  }
  const files = pageFiles(dir);
  if (!files) {
    console.error(`split-hook: no page module in ${dir}: nothing to split`);
    return;
  }
  const wasmPath = join(dir, files.wasm);
  const tmp = mkdtempSync(join(tmpdir(), 'tokenscope-split-'));
  try {
    const split = mode !== 'off' && haveWasmSplit();
    if (!split) {
      run(join(BIN, 'wasm-opt'), ['-Oz', ...FEATURES, wasmPath, '-o', wasmPath]);
      console.error(mode === 'off' ? 'split-hook: TOKENSCOPE_SPLIT=off: the page module is left whole'
        : 'split-hook: wasm-split not found (scripts/setup app installs Debian\'s binaryen): the page module is left whole');
      return;
    }
    // wasm-bindgen's output still has rustc's function names (with their hash, stable while a function's path and
    // the build's settings are): the list names functions by them.
    const names = functionNames(run(join(BIN, 'wasm-opt'), [...FEATURES, wasmPath, '--print-function-map']).toString('utf8'));
    // Without names, binaryen calls the defined functions by their ordinal, which --keep-funcs then names.
    const plain = join(tmp, 'plain.wasm');
    run(join(BIN, 'wasm-opt'), [...FEATURES, '--strip-debug', wasmPath, '-o', plain]);
    const ready = join(tmp, 'ready.wasm');
    as(lowerTableFill(dis(plain)), ready, tmp);
    const defined = (dis(ready).match(/^ \(func \$\d+(?=[\s)])/gm) || []).length;
    const imports = names.length - defined;
    if (defined === 0 || imports < 0) throw new Error(`split-hook: ${names.length} function names for ${defined} defined functions`);

    if (mode === 'instrument') {
      const out = join(tmp, 'instrumented.wasm');
      run('wasm-split', ['--instrument', ...FEATURES, ready, '-o', out]);
      as(fixTableExport(dis(out)), wasmPath, tmp);
      const index = join(dir, 'index.html');
      writeFileSync(index, rewriteIndex(readFileSync(index, 'utf8'), {
        oldHash: files.hash, newHash: files.hash, js: { name: files.js, bytes: readFileSync(join(dir, files.js)) }, wasm: { name: files.wasm, bytes: readFileSync(wasmPath) },
      }));
      writeFileSync(process.env.TOKENSCOPE_SPLIT_NAMES || join(dir, 'function-names.txt'), names.slice(imports).join('\n') + '\n');
      console.error(`split-hook: instrumented ${defined} functions`);
      return;
    }

    const wanted = new Set(readFileSync(FIRST_SCREEN, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));
    const keep = [];
    // The few functions without a name of their own (binaryen calls them by a number, which moves) always stay.
    for (let i = 0; i < defined; i++) if (wanted.has(names[imports + i]) || /^\d+$/.test(names[imports + i])) keep.push(String(i));
    const keepFile = join(tmp, 'keep.txt');
    writeFileSync(keepFile, keep.join('\n') + '\n');
    const primary = join(tmp, 'primary.wasm');
    const secondary = join(tmp, 'secondary.wasm');
    run('wasm-split', ['--split', ...FEATURES, ready, '--keep-funcs', `@${keepFile}`, '-o1', primary, '-o2', secondary]);
    const fixed = join(tmp, 'primary-fixed.wasm');
    as(fixTableExport(dis(primary)), fixed, tmp);
    // Each module optimised on its own; exports (what the other module uses) and the shared table stay as they are.
    run(join(BIN, 'wasm-opt'), ['-Oz', ...FEATURES, fixed, '-o', fixed]);
    run(join(BIN, 'wasm-opt'), ['-Oz', ...FEATURES, secondary, '-o', secondary]);

    const primaryBytes = readFileSync(fixed);
    const secondaryBytes = readFileSync(secondary);
    const digest = createHash('sha256').update(primaryBytes).update(secondaryBytes).update(readFileSync(join(dir, files.js))).digest('hex');
    const newHash = digest.slice(0, 16);
    const secondaryName = `tokenscope-web-${digest.slice(16, 32)}_split.wasm`;
    const js = patchBindings(readFileSync(join(dir, files.js), 'utf8'), secondaryName);
    const jsName = `tokenscope-web-${newHash}.js`;
    const wasmName = `tokenscope-web-${newHash}_bg.wasm`;
    rmSync(wasmPath);
    rmSync(join(dir, files.js));
    writeFileSync(join(dir, wasmName), primaryBytes);
    writeFileSync(join(dir, jsName), js);
    writeFileSync(join(dir, secondaryName), secondaryBytes);
    const index = join(dir, 'index.html');
    writeFileSync(index, rewriteIndex(readFileSync(index, 'utf8'), {
      oldHash: files.hash, newHash, js: { name: jsName, bytes: Buffer.from(js) }, wasm: { name: wasmName, bytes: primaryBytes },
    }));
    console.error(`split-hook: ${keep.length} of ${defined} functions stay in the page module (${primaryBytes.length} B); `
      + `${defined - keep.length} move to ${secondaryName} (${secondaryBytes.length} B)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
