// What the browser tests share: the program under test, a scratch
// workspace, the server on a free port of 127.0.0.1, Debian's chromium
// driven by playwright-core, and axe-core.  Each test file keeps only what
// it tests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The checkout, and the binary under test ($UTILIS, else ./utilis).
export const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const utilis = path.resolve(process.env.UTILIS || path.join(top, 'utilis'));

// A scratch folder utilis-NAME-XXXXXX and the environment of a workspace in
// it (UTILIS_DB; the real clock, as a server has).
export function workspace(name) {
  const scratch = mkdtempSync(path.join(process.env.TMPDIR || tmpdir(), `utilis-${name}-`));
  const env = { ...process.env, UTILIS_DB: path.join(scratch, 'w.db') };
  delete env.UTILIS_NOW;
  return { scratch, env };
}

// Start `utilis ARGS` (a serve command with --listen 127.0.0.1:0) and wait
// until it says where it serves: { server, base } with base like
// http://127.0.0.1:PORT (no slash at the end).
export async function serve(env, args) {
  const server = spawn(utilis, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^serving .* at (http:\/\/\S+)\/$/m);
      if (m && /^stop with/m.test(out)) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { server, base };
}

// Debian's chromium, headless, quiet.
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Close the browser, stop the server (it must exit 0 on SIGTERM) and remove
// the scratch folder; each may be missing.
export async function teardown({ browser, server, scratch }) {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    const done = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    assert.equal(await done, 0, 'the server stops cleanly on SIGTERM');
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}

// axe-core's violations on the current page.
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { resultTypes: ['violations'] }));
  return result.violations;
}

// No serious or critical axe-core violation on the current page.
export async function assertAxe(page, what) {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`), [],
                   `accessibility of ${what}`);
}

// The page reflows on a 320 px wide screen (WCAG 1.4.10): no sideways
// scrolling of the page itself.
export async function assertReflows(page, what) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize(size);
  assert.ok(overflow <= 0, `${what} scrolls sideways at 320 px (${overflow} px)`);
}
