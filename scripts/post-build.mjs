#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml). Trunk starts the hooks of one stage at the same time, so the two steps,
// which must run in order, are one hook: scripts/split-hook.mjs first (it renames the page's module), then
// scripts/csp-hook.mjs (it hashes the loader script that names the module).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
try {
  for (const step of ['split-hook.mjs', 'csp-hook.mjs']) execFileSync(process.execPath, [join(here, step)], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
