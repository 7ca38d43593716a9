#!/usr/bin/env node
// Gathers the functions the page's first screen runs, for scripts/split-hook.mjs: writes scripts/first-screen.txt.
//
// Builds the page with the hook in TOKENSCOPE_SPLIT=instrument mode (wasm-split's instrumented module records
// which functions run), opens it in headless Chromium at 1280 px (light) and 375 px (dark), lets the first screen
// render without touching it, reads each run's profile from the module and writes the union of their names, sorted. Run it after a change to what the first screen shows; the browser test
// "the first screen runs only the page module" (tests/browser/bundle.test.mjs) fails when the list is stale.
//
//   node scripts/first-screen-profile.mjs      (needs `scripts/setup test`: Trunk, wasm-split, Chromium)

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIRST_SCREEN } from './split-hook.mjs';
import { openPage } from '../tests/browser/browser.mjs';
import { startStatic } from '../tests/browser/server.mjs';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'tokenscope-first-screen-'));
try {
  const dist = join(tmp, 'dist');
  const namesFile = join(tmp, 'names.txt');
  execFileSync('trunk', ['build', '--release', '--dist', dist], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, TOKENSCOPE_SPLIT: 'instrument', TOKENSCOPE_SPLIT_NAMES: namesFile },
  });
  const names = readFileSync(namesFile, 'utf8').split('\n').filter(Boolean);
  const ran = new Set();
  const server = await startStatic(dist);
  try {
    for (const [viewport, scheme] of [[{ width: 1280, height: 900 }, 'light'], [{ width: 375, height: 812 }, 'dark']]) {
      const b = await openPage(server.url, {
        viewport,
        initScripts: [`addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });`],
      });
      try {
        await b.page.emulateMedia({ colorScheme: scheme });
        await b.page.waitForSelector('[data-testid="token-input"]');
        await b.page.waitForFunction(() => window.__wasm);
        await b.page.waitForTimeout(500);
        const bytes = await b.page.evaluate(() => {
          const w = window.__wasm;
          const size = 1 << 20;
          const at = w.__wbindgen_malloc(size, 8);
          const len = w.__write_profile(at, size);
          return Array.from(new Uint8Array(w.memory.buffer, at, len));
        });
        if (b.pageErrors.length) throw new Error(`the page failed: ${b.pageErrors.join('; ')}`);
        // wasm-split's profile: an 8-byte module hash, then one little-endian u32 per defined function (0: never ran).
        const view = Buffer.from(bytes);
        const count = (view.length - 8) / 4;
        if (count !== names.length) throw new Error(`profile of ${count} functions for ${names.length} names`);
        for (let i = 0; i < count; i++) if (view.readUInt32LE(8 + 4 * i) !== 0 && !/^\d+$/.test(names[i])) ran.add(names[i]);
      } finally {
        await b.close();
      }
    }
  } finally {
    await server.close();
  }
  const list = [...ran].sort();
  writeFileSync(FIRST_SCREEN, `# The functions the first screen runs (scripts/first-screen-profile.mjs wrote this; scripts/split-hook.mjs reads it).\n${list.join('\n')}\n`);
  console.log(`first-screen-profile: ${list.length} of ${names.length} functions run on the first screen: ${FIRST_SCREEN}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
