// Browser test of a web form with repeats: Debian's chromium, driven by
// playwright-core, enters a board of three members through a link
// (tests/data/good/bureau.yaml), makes a mistake in one, removes another,
// goes to the review and submits; axe-core checks every page it sees and
// each page must reflow on a 320-pixel-wide screen.
//
//   UTILIS=path/to/utilis node --test tests/browser/repeat.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const scratch = mkdtempSync(path.join(process.env.TMPDIR || tmpdir(), 'utilis-browser-repeat-'));
const env = { ...process.env, UTILIS_DB: path.join(scratch, 'w.db') };
delete env.UTILIS_NOW;

let server, base, browser;

function run(...args) {
  return execFileSync(utilis, ['-q', ...args], { env, encoding: 'utf8' });
}

before(async () => {
  run('init');
  run('survey', 'load', path.join(top, 'tests/data/good/bureau.yaml'));
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

// axe-core: no serious or critical violation; no sideways scrolling at 320 px.
async function check(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`), [],
                   `accessibility of ${what}`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize(size);
  assert.ok(overflow <= 0, `${what} scrolls sideways at 320 px (${overflow} px)`);
}

async function click(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

// The fieldset of member n (1-based).
const member = (page, n) => page.getByRole('group', { name: `Membre ${n}`, exact: true });

test('a board of three members, one removed, submitted', async () => {
  const link = run('invite', 'bureau', '--count', '1', '--base-url', base).trim().split('\n')[1]
    .split(',').pop();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  const page = await context.newPage();

  await page.goto(link);
  await page.getByLabel("Nom de l'association").fill('Les Amis du Parc');
  await click(page, 'Suivant');
  assert.equal(await page.locator('h1').textContent(), 'Membre');
  assert.match(await page.locator('main').textContent(), /Aucun pour l'instant\./);
  await check(page, 'the members page, empty');

  // three members, typed between the clicks on "Ajouter"
  await click(page, 'Ajouter : Membre');
  assert.equal(await page.evaluate(() => location.hash), '#i-membre-0', 'the new member is shown');
  await member(page, 1).getByLabel('Prénom').fill('Alice');
  await member(page, 1).getByLabel('Âge').fill('52');
  await member(page, 1).getByLabel('Femme').check();
  await click(page, 'Ajouter : Membre');
  await member(page, 2).getByLabel('Prénom').fill('Bruno');
  await member(page, 2).getByLabel('Âge').fill('17');
  await member(page, 2).getByLabel('Homme').check();
  await click(page, 'Ajouter : Membre');
  await member(page, 3).getByLabel('Prénom').fill('Chloé');
  await member(page, 3).getByLabel('Âge').fill('200');
  assert.equal(await member(page, 1).getByLabel('Prénom').inputValue(), 'Alice', 'nothing typed is lost');
  assert.ok(await member(page, 2).getByLabel('Homme').isChecked());
  // relevance and piping per member: Alice (52) has an office; Bruno (17) not
  assert.equal(await member(page, 1).getByLabel('Fonction de Alice au bureau').count(), 1);
  assert.equal(await member(page, 2).getByLabel(/Fonction/).count(), 0);
  await member(page, 1).getByLabel('Fonction de Alice au bureau').fill('Présidente');
  // a term for Alice (a repeat inside the member)
  await click(page, 'Ajouter : Mandat (Membre 1)');
  await member(page, 1).getByLabel('Année de début').fill('2019');
  await check(page, 'three members');

  // the mistake: an error named by member, its link leads to the field
  await click(page, 'Suivant');
  assert.match(await page.title(), /^Erreur :/);
  const summary = page.locator('.error-summary');
  assert.match(await summary.textContent(), /Membre 3 — Âge : L'âge va de 16 à 110 ans\./);
  await check(page, 'an error in member 3');
  await summary.getByRole('link').first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-age-2');
  await member(page, 3).getByLabel('Âge').fill('33');

  // remove Bruno: the button names him by his number
  const remove = member(page, 2).getByRole('button', { name: 'Retirer : Membre 2' });
  assert.equal(await remove.count(), 1);
  await Promise.all([page.waitForNavigation(), remove.click()]);
  assert.equal(await page.locator('#q-membre > fieldset.instance').count(), 2);
  assert.equal(await member(page, 2).getByLabel('Prénom').inputValue(), 'Chloé');
  assert.equal(await member(page, 2).getByLabel('Âge').inputValue(), '33');
  assert.equal(await page.getByText('Bruno').count(), 0);
  await click(page, 'Suivant');
  assert.match(await page.locator('main').textContent(), /Le bureau compte 2 membres\./);
  await click(page, 'Suivant');

  // the review: each member's answers under its number
  assert.equal(await page.locator('h1').textContent(), 'Vérifiez vos réponses');
  const review = await page.locator('main').textContent();
  assert.match(review, /Membre 1\s*Prénom\s*Alice\s*Sexe\s*Femme\s*Âge\s*52\s*Fonction de Alice au bureau\s*Présidente\s*Mandat 1\s*Année de début\s*2019/);
  assert.match(review, /Membre 2\s*Prénom\s*Chloé\s*Sexe\s*Pas de réponse\s*Âge\s*33/);
  assert.doesNotMatch(review, /Bruno|Membre 3/);
  await check(page, 'the review');
  await click(page, 'Envoyer mes réponses');
  assert.equal(await page.locator('h1').textContent(), 'Merci\u00a0!');
  const list = run('invite', 'bureau', '--list');
  assert.match(list, /,submitted,/, 'the link is submitted');
  await context.close();
});
