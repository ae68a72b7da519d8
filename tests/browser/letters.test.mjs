// Browser test of the short code of a printed letter: Debian's chromium,
// driven by playwright-core, opens /c on a phone (375 px) and a laptop
// (1280 px), types the code printed on the letter (read back from the PDF
// with pdftotext) and lands on the person's form; a wrong code is
// answered in words, with the focus on the error; axe-core checks each
// page, and every target a finger uses is at least 44 x 44 px.
//
//   UTILIS=path/to/utilis node --test tests/browser/letters.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const utilis = path.resolve(process.env.UTILIS || path.join(top, 'utilis'));
const scratch = mkdtempSync(path.join(process.env.TMPDIR || tmpdir(), 'utilis-letters-'));
const env = { ...process.env, UTILIS_DB: path.join(scratch, 'w.db') };
delete env.UTILIS_NOW;

let server, base, browser, links, codes;

function run(...args) {
  return execFileSync(utilis, ['-q', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

before(async () => {
  run('init');
  run('survey', 'load', path.join(top, 'surveys/participation-facile.yaml'));
  writeFileSync(path.join(scratch, 'contacts.csv'), 'nom\nAnne Martin\nPaul Durand\n');
  const csv = run('invite', 'participation-facile', '--from', path.join(scratch, 'contacts.csv'),
                  '--letters', path.join(scratch, 'lettres.pdf'));
  links = csv.trim().split('\n').slice(1).map((l) => l.split(',').pop());
  const text = execFileSync('pdftotext', [path.join(scratch, 'lettres.pdf'), '-'], { encoding: 'utf8' });
  codes = text.match(/\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/g);
  assert.equal(codes.length, 2, 'a code per letter');

  server = spawn(utilis, ['serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^serving .* at (http:\/\/\S+)\/$/m);
      if (m && /^stop with/m.test(out)) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    const done = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    assert.equal(await done, 0, 'the server stops cleanly on SIGTERM');
  }
  rmSync(scratch, { recursive: true, force: true });
});

async function axe(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`), [],
                   `accessibility of ${what}`);
}

async function targets(page, what) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main button, .langs a, input.input')]
      .map((e) => [e, e.getBoundingClientRect()])
      .filter(([, r]) => r.width < 44 || r.height < 44)
      .map(([e, r]) => `${e.tagName.toLowerCase()}#${e.id} ${Math.round(r.width)}x${Math.round(r.height)}`));
  assert.deepEqual(small, [], `touch targets of ${what} (at least 44 x 44 px)`);
}

for (const [size, width, height] of [['phone', 375, 740], ['laptop', 1280, 800]]) {
  test(`a letter's code typed on a ${size} reaches the person's form`, async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    const i = size === 'phone' ? 0 : 1;
    await page.goto(`${base}/c`);
    await axe(page, `/c on a ${size}`);
    await targets(page, `/c on a ${size}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'code', 'the field has the focus');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true,
                 'no sideways scrolling');

    // a wrong code: said in words, the focus on the summary, the field marked
    await page.getByLabel('Code de votre lettre').fill('ZZZZZ-ZZZZZ');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('.error-summary').innerText(), /Ce code ne marche pas/);
    assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary');
    assert.equal(await page.getByLabel('Code de votre lettre').getAttribute('aria-invalid'), 'true');
    assert.match(await page.title(), /^Erreur :/);
    await axe(page, `/c with an error on a ${size}`);

    // the right code, typed as a person may: lower case, a space for the dash
    await page.getByLabel('Code de votre lettre').fill(codes[i].toLowerCase().replace('-', ' '));
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, new URL(links[i]).pathname, 'the person\'s own link');
    assert.match(await page.locator('h1').first().innerText(), /Bonjour/);
    await page.close();
  });
}

test('the code page in English', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await page.goto(`${base}/c`);
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForLoadState();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await axe(page, '/c in English');
  await page.getByLabel('Code on your letter').fill(codes[0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, new URL(links[0]).pathname);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the form in English');
  await page.close();
});
