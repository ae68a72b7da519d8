// Browser test of a web form with repeats: Debian's chromium, driven by
// playwright-core, enters a board of three members through a link
// (tests/data/good/bureau.yaml), makes a mistake in one, removes another,
// goes to the review and submits; axe-core checks every page it sees and
// each page must reflow on a 320-pixel-wide screen.
//
//   UTILIS=path/to/utilis node --test tests/browser/repeat.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { top, utilis, workspace, serve, launchChromium, teardown, assertAxe, assertReflows } from './lib.mjs';

const { scratch, env } = workspace('browser-repeat');

let server, base, browser;

function run(...args) {
  return execFileSync(utilis, ['-q', ...args], { env, encoding: 'utf8' });
}

before(async () => {
  run('init');
  run('survey', 'load', path.join(top, 'tests/data/good/bureau.yaml'));
  ({ server, base } = await serve(env, ['serve', '--listen', '127.0.0.1:0']));
  browser = await launchChromium();
});

after(() => teardown({ browser, server, scratch }));

// axe-core: no serious or critical violation; no sideways scrolling at 320 px.
async function check(page, what) {
  await assertAxe(page, what);
  await assertReflows(page, what);
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
