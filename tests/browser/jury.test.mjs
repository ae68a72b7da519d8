// Browser test of the jurors' pages: Debian's chromium, driven by
// playwright-core, scores candidates of the prize through a juror's link
// the way a juror does, and axe-core checks every page it sees.
//
//   UTILIS=path/to/utilis node --test tests/browser/jury.test.mjs
//
// The scenario, on the test edition (tests/data/prize/): a juror opens their
// link, scores two candidates (one of them in English), declares a conflict
// of interest on the third, submits; then 'utilis prize results' and
// 'utilis prize audit' must say so.  The jurors' pages of the programme's
// own edition (indicators/prix-2018.yaml, on simulated applications) are
// also checked by axe and for reflow on a 320-pixel-wide screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { top, utilis, workspace, serve, launchChromium, teardown, assertAxe, assertReflows } from './lib.mjs';

const { scratch, env } = workspace('jury');
const edition = path.join(top, 'tests/data/prize/edition.yaml');
const edition2018 = path.join(top, 'indicators/prix-2018.yaml');

let server, base, browser;

function run(...args) {
  return execFileSync(utilis, ['-q', ...args], { env, encoding: 'utf8' });
}

// The juror's token from the link 'jury add' prints.
function tokenOf(link) {
  return link.trim().replace(/^.*\/j\//, '');
}

const jurors = {};
before(async () => {
  run('init');
  run('survey', 'load', path.join(top, 'tests/data/prize/candidature.yaml'),
      path.join(top, 'tests/data/prize/grille.yaml'),
      path.join(top, 'surveys/prix-candidature.yaml'), path.join(top, 'surveys/prix-grille.yaml'));
  run('responses', 'import', 'candidature', path.join(top, 'tests/data/prize/candidates.csv'));
  for (const [key, name, email] of [['anne', 'Anne Martin', 'anne@example.org'],
                                    ['bruno', 'Bruno Caron', 'bruno@example.org'],
                                    ['chloe', 'Chloé Diallo', 'chloe@example.org']])
    jurors[key] = tokenOf(run('jury', 'add', edition, '--name', name, '--email', email));
  run('jury', 'conflict', edition, 'anne@example.org', '1', '--reason', 'administratrice');
  execFileSync(utilis, ['-q', 'jury', 'assign', edition, '--per-candidate', '2', '--seed', '1'],
               { env, stdio: 'ignore' });
  // the programme's edition, on simulated applications
  run('simulate', 'prix-candidature', '--n', '8', '--seed', '3');
  jurors.denise = tokenOf(run('jury', 'add', edition2018, '--name', 'Denise Roux'));
  run('jury', 'assign', edition2018, '--per-candidate', '1', '--seed', '1');

  ({ server, base } = await serve(env, ['serve', '--listen', '127.0.0.1:0', '--edition', edition,
                          '--edition', edition2018]));
  browser = await launchChromium();
});

after(() => teardown({ browser, server, scratch }));

// axe-core on the current page: no serious or critical violation.
const checked = [];
async function axe(page, what) {
  checked.push(what);
  await assertAxe(page, what);
}

const reflows = assertReflows;

async function check(page, what) {
  assert.equal(await page.locator('link[rel=stylesheet]').evaluate((l) => !!l.sheet), true,
               `${what}: the style sheet is loaded`);
  await axe(page, what);
  await reflows(page, what);
}

async function click(page, name) {
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForLoadState();
}

// The list's rows: candidate name, state and the juror's total, in order.
async function items(page) {
  return page.locator('tr.dossier').evaluateAll((els) => els.map((e) => ({
    name: e.querySelector('th').textContent,
    state: e.querySelector('td strong').textContent,
    total: e.querySelectorAll('td')[1].textContent,
  })));
}

// The page's height in CSS pixels (printed: the list was 10,000 px tall for 8 candidates).
async function height(page) {
  return page.evaluate(() => document.documentElement.scrollHeight);
}

// Score the open grid: criterion label -> value, page after page, then the comment.
async function scoreGrid(page, scores, comment, labels) {
  for (const [label, value] of scores) {
    await page.getByRole('group', { name: label }).getByLabel(value, { exact: true }).check();
    await click(page, labels.next);
  }
  await page.getByLabel(labels.comment).fill(comment);
  await click(page, labels.finish);
}

test('a juror scores two candidates, declares a conflict on a third and submits', async () => {
  // the juror with three candidates (the assignment is balanced: 2, 3, 3)
  const list = run('jury', 'list', edition);
  const key = ['bruno', 'chloe'].find((k) =>
    new RegExp(`^\\s+\\d+\\s+${k === 'bruno' ? 'Bruno Caron' : 'Chloé Diallo'}\\s+-\\s+3\\s`, 'm').test(list));
  assert.ok(key, `a juror with three candidates in:\n${list}`);
  const jurorName = key === 'bruno' ? 'Bruno Caron' : 'Chloé Diallo';
  const link = `${base}/j/${jurors[key]}`;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  const page = await context.newPage();

  // the list, in French
  let resp = await page.goto(link);
  assert.equal(resp.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.locator('h1').textContent(), 'Vos dossiers à noter');
  assert.match(await page.locator('header').textContent(), /Prix d'essai/);
  let cands = await items(page);
  assert.equal(cands.length, 3);
  assert.deepEqual(cands.map((c) => c.state), ['pas commencé', 'pas commencé', 'pas commencé']);
  assert.deepEqual(cands.map((c) => c.total), ['–', '–', '–'], 'no total before scoring (the en dash of every table)');
  assert.equal(await page.locator('details.dossier-summary').count(), 3, 'a summary per candidate');
  assert.equal(await page.locator('details.dossier-summary[open]').count(), 0, 'summaries folded');
  assert.equal(await page.locator('details.dossier-summary dt').first().textContent(), 'Titre du partenariat');
  assert.equal(await page.getByRole('link', { name: /Envoyer toutes mes notes/ }).count(), 0,
               'no submit before every sheet is done');
  await check(page, 'the list');
  const [first, second, third] = cands.map((c) => c.name);

  // first candidate: every page of the grid, in French
  await page.getByRole('link', { name: `Noter ce dossier : ${first}` }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), first);
  assert.ok(await page.locator('details.summary').evaluate((d) => d.open), 'summary open on page 1');
  assert.match(await page.locator('.progress').textContent(), /Page 1 sur 4/);
  await check(page, 'grid page 1');
  await page.getByRole('group', { name: 'Impact social' }).getByLabel('4', { exact: true }).check();
  await click(page, 'Suivant');
  assert.match(await page.locator('.progress').textContent(), /Page 2 sur 4/);
  assert.equal(await page.locator('details.summary').evaluate((d) => d.open), false,
               'summary folded on the next pages');
  await check(page, 'grid page 2');
  await page.getByRole('group', { name: 'Réciprocité' }).getByLabel('3', { exact: true }).check();
  await click(page, 'Suivant');
  await page.getByRole('group', { name: 'Durabilité' }).getByLabel('5', { exact: true }).check();
  await click(page, 'Suivant');
  await check(page, 'grid, last page');
  await page.getByLabel('Commentaire').fill('Un partenariat <solide> & durable');
  await click(page, 'Enregistrer et revenir à mes dossiers');
  assert.match(await page.locator('.notice').textContent(), /Vos notes sur ce dossier sont enregistrées/);
  await check(page, 'the list with a notice');
  cands = await items(page);
  assert.equal(cands[0].state, 'terminé');
  assert.equal(cands[0].total, '78,0', 'the juror sees their own total: 4, 3, 5 weighted 50, 30, 20');

  // second candidate: half in French, then in English; saved and resumed
  await page.getByRole('link', { name: `Noter ce dossier : ${second}` }).click();
  await page.waitForLoadState();
  await page.getByRole('group', { name: 'Impact social' }).getByLabel('2', { exact: true }).check();
  await click(page, 'Enregistrer et finir plus tard');
  cands = await items(page);
  assert.equal(cands[1].state, 'en cours');
  await page.getByRole('link', { name: `Continuer la notation : ${second}` }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.progress').textContent(), /Page 2 sur 4/,
               'resumes at the first criterion not scored');
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.locator('header').textContent(), /Test prize/);
  assert.match(await page.locator('.progress').textContent(), /Page 2 of 4/, 'same page in English');
  await check(page, 'grid page 2 in English');
  await scoreGrid(page, [['Reciprocity', '1'], ['Durability', '0']], 'Fragile',
                  { next: 'Next', comment: 'Comment', finish: 'Save and go back to my applications' });
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the list in English too');
  assert.equal(await page.locator('h1').textContent(), 'Your applications to score');
  await check(page, 'the list in English');
  await page.getByRole('link', { name: 'Français' }).click();
  await page.waitForLoadState();

  // third candidate: a conflict of interest, first without a reason
  await page.getByRole('link', { name: `Noter ce dossier : ${third}` }).click();
  await page.waitForLoadState();
  await page.getByRole('link', { name: "Un lien avec ces candidats ? Déclarer un conflit d'intérêts" }).click();
  assert.ok(page.url().endsWith('#conflict'), 'the link at the top of the grid leads to the conflict form');
  await click(page, "Je déclare un conflit d'intérêts");
  assert.equal(await page.locator('h1').textContent(), third, 'still on the candidate');
  assert.match(await page.title(), /^Erreur : /, 'the page title says there is an error');
  assert.match(await page.locator('.error-summary').textContent(), /Dites en quelques mots/);
  assert.equal(await page.getByLabel(/Votre lien avec les candidats/).getAttribute('aria-invalid'), 'true');
  await check(page, 'conflict without a reason');
  await page.locator('.error-summary a').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-_reason',
               'the summary link leads to the field');
  await page.getByLabel(/Votre lien avec les candidats/).fill('Je suis bénévole de cette association');
  await click(page, "Je déclare un conflit d'intérêts");
  assert.equal(await page.locator('h1').textContent(), "Confirmez-vous ce conflit d'intérêts\u00a0?");
  assert.match(await page.locator('blockquote').textContent(), /Je suis bénévole de cette association/);
  await check(page, 'conflict confirmation');
  await page.getByRole('link', { name: 'Non, revenir à la grille' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), third, 'back on the grid, nothing declared');
  await page.getByLabel(/Votre lien avec les candidats/).fill('Je suis bénévole de cette association');
  await click(page, "Je déclare un conflit d'intérêts");
  await click(page, "Oui, je déclare ce conflit d'intérêts");
  assert.match(await page.locator('.notice').textContent(), /Votre conflit d'intérêts est enregistré/);
  cands = await items(page);
  assert.deepEqual(cands.map((c) => c.name), [first, second], 'the third is withdrawn');
  assert.deepEqual(cands.map((c) => c.state), ['terminé', 'terminé']);
  assert.equal(await page.locator('main > ul > li').textContent(), third,
               'listed among the candidates withdrawn');
  await check(page, 'the list after a conflict');

  // submit all, with a confirmation
  await page.getByRole('link', { name: 'Envoyer toutes mes notes' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), "Confirmer l'envoi de vos notes");
  assert.deepEqual(await page.locator('main li').allTextContents(),
                   [`${first} — Mon total sur 100 : 78,0`, `${second} — Mon total sur 100 : 26,0`],
                   'the juror sees their totals before sending');
  await check(page, 'confirmation');
  await click(page, 'Oui, envoyer mes notes');
  assert.equal(await page.locator('h1').textContent(), 'Merci\u00a0!');
  assert.equal(await page.locator('form').count(), 0, 'read only once sent');
  await check(page, 'thank-you page');
  await page.getByRole('link', { name: `Voir mes notes : ${first}` }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('form').count(), 0, 'the sheet is read only');
  assert.match(await page.locator('main').textContent(), /Un partenariat <solide> & durable/);
  await check(page, 'a sheet once sent');
  await context.close();

  // the results, from the workspace
  const results = JSON.parse(run('prize', 'results', edition, '--format', 'json'));
  const byName = Object.fromEntries(results.ranking.map((r) => [r.candidate, r]));
  for (const [name, want] of [[first, [4, 3, 5]], [second, [2, 1, 0]]]) {
    const crit = byName[name].criteria;
    assert.deepEqual(['note_impact', 'note_reciprocite', 'note_durabilite'].map((c) => crit[c].mean), want,
                     `${name}: this juror's scores`);
    assert.equal(byName[name].jurors, 1, `${name}: one juror has scored`);
  }
  assert.equal(byName[third].jurors, 0);
  const me = results.jurors_detail.find((j) => j.name === jurorName);
  assert.equal(me.scored, 2, 'the juror scored two candidates');
  const thirdId = byName[third].candidate_id;
  const row = run('jury', 'list', edition).split('\n')
    .find((l) => new RegExp(`^\\s+${thirdId}\\s`).test(l) && l.includes(third.slice(0, 20)));
  const myId = run('jury', 'list', edition).split('\n')
    .find((l) => l.includes(jurorName)).trim().split(/\s+/)[0];
  assert.ok(row, `candidate ${thirdId} in jury list`);
  assert.equal((await fetch(`${link}/c/${thirdId}`)).status, 404, 'the third is no longer the juror\'s');
  assert.ok(!row.trim().split(/\s{2,}/).pop().split(', ').includes(myId),
            `the third candidate lost the juror: ${row}`);
  const audit = run('prize', 'audit', edition);
  assert.match(audit, new RegExp(`${jurorName}\\s+conflict\\.juror #${thirdId} .* — Je suis bénévole de cette association`));
  assert.match(audit, new RegExp(`${jurorName}\\s+unassign\\s+#${thirdId} `));
  assert.match(audit, new RegExp(`${jurorName}\\s+score\\s+.* — note_impact: - -> 4`));
  assert.match(audit, new RegExp(`${jurorName}\\s+submit`));
});

test('the pages of the programme\'s edition pass axe and reflow', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const link = `${base}/j/${jurors.denise}`;
  const before = checked.length;
  let multiline = 0;
  await page.goto(link);
  assert.match(await page.locator('header').textContent(), /La part des autres/);
  assert.equal((await items(page)).length, 8);
  await check(page, 'prix-2018: the list');
  // 8 candidates with their summaries: a compact table first, the summaries folded
  const h = await height(page);
  console.log(`# the list of 8 candidates is ${h} px tall at 1024 px wide`);
  assert.ok(h < 2500, `the list of 8 candidates is ${h} px tall`);
  await page.locator('tr.dossier a').first().click();
  await page.waitForLoadState();
  // every page of the grid, moving on without answering, then with errors shown
  for (let n = 1; n < 10; n++) {
    const h2 = await page.locator('main > h2').first().textContent();
    await check(page, `prix-2018: ${h2}`);
    for (const name of ['points_forts', 'points_vigilance'])
      if (await page.locator(`[name=${name}]`).count())
        assert.equal(await page.locator(`[name=${name}]`).evaluate((e) => e.tagName), 'TEXTAREA',
                     `${name} on several lines`), multiline++;
    const progress = await page.locator('.progress').textContent();
    if (/Page (\d+) sur \1/.test(progress)) break;
    await click(page, 'Suivant');
    if (await page.locator('.error-summary').count()) {
      await check(page, `prix-2018: ${h2} (errors)`);
      for (const q of await page.locator('.question.has-error').all())
        await q.locator('input[type=radio]').first().check();
      await click(page, 'Suivant');
    }
    if (await page.locator('.notice').count()) await click(page, 'Suivant');
  }
  await context.close();
  assert.ok(checked.length - before >= 6, `axe ran on ${checked.length - before} pages`);
  assert.ok(multiline >= 2, 'the strengths and concerns were seen as text areas');
});
