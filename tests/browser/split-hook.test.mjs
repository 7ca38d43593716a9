// Unit tests of scripts/split-hook.mjs's text transformations (the build itself is checked by split.test.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixTableExport, functionNames, lowerTableFill, patchBindings, rewriteIndex } from '../../scripts/split-hook.mjs';

test('the length-1 table.fill of wasm-bindgen becomes a table.set; any other table.fill is refused', () => {
  const wat = '  (table.fill $__wbindgen_externrefs\n   (local.get $3)\n   (ref.null noextern)\n   (i32.const 1)\n  )\n';
  const out = lowerTableFill(wat);
  assert.equal(out, '  (table.set $__wbindgen_externrefs\n   (local.get $3)\n   (ref.null noextern)\n  )\n');
  assert.throws(() => lowerTableFill(wat.replace('(i32.const 1)', '(i32.const 2)')), /table\.fill other than/);
  assert.equal(lowerTableFill('(nop)'), '(nop)');
});

test('the externref table export is pointed back at table 1', () => {
  assert.equal(fixTableExport(' (export "__wbindgen_externrefs" (table $0))'), ' (export "__wbindgen_externrefs" (table $1))');
  assert.equal(fixTableExport(' (export "__wbindgen_externrefs" (table $1))'), ' (export "__wbindgen_externrefs" (table $1))');
  assert.throws(() => fixTableExport('(module)'), /no __wbindgen_externrefs/);
});

test('function names are read from INDEX:NAME lines, in order, commas and colons kept', () => {
  assert.deepEqual(functionNames('0:a\n1:Map<I,F>::fold::h0123\n2:x::y:z\n'), ['a', 'Map<I,F>::fold::h0123', 'x::y:z']);
  assert.throws(() => functionNames('1:a\n'), /out of order/);
});

test('the bindings get the loader, the placeholder imports and the early load for share links, or the build fails', () => {
  const js = [
    'function __wbg_get_imports() {',
    '    return {',
    '        __proto__: null,',
    '        "./tokenscope-web_bg.js": import0,',
    '    };',
    '}',
    'async function __wbg_init_once(module_or_path) {',
    '    const { instance, module } = await __wbg_load(await module_or_path, imports);',
    '',
    '    return __wbg_finalize_init(instance, module);',
    '}',
    '',
  ].join('\n');
  const out = patchBindings(js, 'tokenscope-web-0123456789abcdef_split.wasm');
  assert.match(out, /new URL\("tokenscope-web-0123456789abcdef_split\.wasm", import\.meta\.url\)/);
  assert.match(out, /placeholder: new Proxy/);
  assert.match(out, /await __split_before_start\(instance\.exports\);\n/);
  assert.ok(out.indexOf('const __split') < out.indexOf('function __wbg_get_imports'));
  assert.throws(() => patchBindings(js.replace('import0,', 'import1,'), 'x.wasm'), /do not contain exactly one/);
});

test('index.html is pointed at the renamed files with new integrity values', () => {
  const html = '<link rel="modulepreload" href="./tokenscope-web-aaaa.js" integrity="sha384-old"><link rel="preload" href="./tokenscope-web-aaaa_bg.wasm" integrity="sha384-old2" as="fetch">'
    + "<script>import('./tokenscope-web-aaaa.js')</script>";
  const out = rewriteIndex(html, { oldHash: 'aaaa', newHash: 'bbbb', js: { name: 'tokenscope-web-bbbb.js', bytes: Buffer.from('js') }, wasm: { name: 'tokenscope-web-bbbb_bg.wasm', bytes: Buffer.from('wasm') } });
  assert.ok(!out.includes('aaaa'));
  assert.match(out, /href="\.\/tokenscope-web-bbbb\.js" integrity="sha384-[A-Za-z0-9+/=]{64}"/);
  assert.match(out, /href="\.\/tokenscope-web-bbbb_bg\.wasm" integrity="sha384-[A-Za-z0-9+/=]{64}"/);
  assert.ok(!out.includes('sha384-old'));
});

test('a directory without the page module (the benchmark page) has nothing to split', async () => {
  const { mkdtempSync, writeFileSync: write, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pageFiles } = await import('../../scripts/split-hook.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'split-hook-test-'));
  try {
    write(join(dir, 'tokenscope-bench-0123456789abcdef_bg.wasm'), '');
    assert.equal(pageFiles(dir), null);
    write(join(dir, 'tokenscope-web-0123456789abcdef_bg.wasm'), '');
    write(join(dir, 'tokenscope-web-0123456789abcdef.js'), '');
    assert.deepEqual(pageFiles(dir), { hash: '0123456789abcdef', wasm: 'tokenscope-web-0123456789abcdef_bg.wasm', js: 'tokenscope-web-0123456789abcdef.js' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
