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
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { top, utilis, workspace, serve, launchChromium, teardown, assertAxe } from './lib.mjs';

const { scratch, env } = workspace('letters');

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

  ({ server, base } = await serve(env, ['serve', '--listen', '127.0.0.1:0']));
  browser = await launchChromium();
});

after(() => teardown({ browser, server, scratch }));

const axe = assertAxe;

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
