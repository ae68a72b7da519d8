// Browser test of the web forms: Debian's chromium, driven by playwright-core,
// answers a survey through its link the way a respondent does, and axe-core
// checks every page it sees for accessibility.
//
//   UTILIS=path/to/utilis node --test tests/browser/form.test.mjs
//
// The scenario: fill a page, trigger a constraint error and fix it, reveal a
// follow-up question, leave, come back through the same link (a new browser
// context, as on another day), switch to English, finish, submit; then read
// the answers back from the workspace with the utilis command.  Every page
// of the programme's surveys is also checked by axe (no serious or critical
// violation) and for reflow on a 320-pixel-wide screen (400 % zoom).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { top, utilis, workspace, serve, launchChromium, teardown, assertAxe } from './lib.mjs';

const { scratch, env } = workspace('browser');

let server, base, browser;
const adminSecret = 'browser test admin secret';

function run(...args) {
  return execFileSync(utilis, ['-q', ...args], { env, encoding: 'utf8' });
}

function links(csv) {
  return csv.trim().split('\n').slice(1).map((line) => line.split(',').pop());
}

before(async () => {
  run('init');
  run('survey', 'load', path.join(top, 'tests/data/good/essai.yaml'));
  const surveys = readdirSync(path.join(top, 'surveys')).filter((f) => f.endsWith('.yaml'));
  run('survey', 'load', ...surveys.map((f) => path.join(top, 'surveys', f)));
  writeFileSync(path.join(scratch, 'secret'), adminSecret + '\n');
  ({ server, base } = await serve(env, ['serve', '--listen', '127.0.0.1:0', '--admin-secret-file',
                          path.join(scratch, 'secret')]));
  browser = await launchChromium();
});

after(() => teardown({ browser, server, scratch }));

// axe-core on the current page: no serious or critical violation.
const checked = [];
async function axe(page, what) {
  checked.push(what);
  await assertAxe(page, what);
}

// The page reflows on a 320 px wide screen: no horizontal scrolling.
async function reflows(page, what) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const [overflow, wide] = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const over = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}[${e.textContent.slice(0, 30)}|${Math.round(e.getBoundingClientRect().left)}-${Math.round(e.getBoundingClientRect().right)}]`);
    return [document.documentElement.scrollWidth - w, over.slice(0, 5).join(' ')];
  });
  await page.setViewportSize(size);
  assert.ok(overflow <= 0, `${what} scrolls sideways at 320 px (${overflow} px: ${wide})`);
}

async function check(page, what) {
  await axe(page, what);
  await reflows(page, what);
}

test('a respondent answers the trial survey through their link', async () => {
  const [link] = links(run('invite', 'essai', '--count', '1', '--group', 'test', '--base-url', base));
  let context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  let page = await context.newPage();

  // page 1, in French by default
  let resp = await page.goto(link);
  assert.equal(resp.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.locator('h1').textContent(), 'Vous');
  await check(page, 'page 1');

  // a constraint error, shown next to the field and in the summary
  await page.getByLabel('Quel âge avez-vous ?').fill('12');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForLoadState();
  assert.match(await page.title(), /^Erreur :/);
  const summary = page.locator('.error-summary');
  assert.ok(await summary.isVisible(), 'error summary at the top');
  assert.match(await summary.textContent(), /Entre 16 et 110 ans\./);
  assert.match(await page.locator('#e-age').textContent(), /Entre 16 et 110 ans\./);
  assert.equal(await page.getByLabel('Quel âge avez-vous ?').getAttribute('aria-invalid'), 'true');
  await check(page, 'page 1 with an error');
  await summary.getByRole('link').first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-age',
               'the summary link leads to the field');

  // fixed
  await page.getByLabel('Quel âge avez-vous ?').fill('34');
  await page.getByLabel('Depuis quand venez-vous ?').fill('2021-09-01');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Votre avis');
  await check(page, 'page 2');

  // a follow-up question appears on the same page, in place, as "Autre" is ticked
  assert.equal(await page.getByLabel('Quelle autre aide ?').isVisible(), false);
  await page.getByRole('group', { name: 'On vous écoute ?' }).getByLabel('Oui').check();
  await page.getByRole('group', { name: 'Vous vous sentez seul ?' }).getByLabel('Un peu').check();
  await page.getByRole('group', { name: 'Quelles aides ?' }).getByLabel('Repas').check();
  await page.getByRole('group', { name: 'Quelles aides ?' }).getByLabel('Autre').check();
  assert.equal(await page.getByLabel('Quelle autre aide ?').isVisible(), true, 'shown in place');
  await check(page, 'page 2 with a follow-up');
  // left blank, it is required: seen, so an error
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Votre avis', 'still on the same page');
  assert.match(await page.locator('.error-summary').textContent(), /Quelle autre aide/);
  await check(page, 'page 2 with the follow-up left blank');
  await page.getByLabel('Quelle autre aide ?').fill('Aide aux devoirs <b>&</b>');
  const ranks = page.getByRole('group', { name: 'Classez les aides' });
  await ranks.getByLabel('Logement').selectOption('1');
  await ranks.getByLabel('Repas').selectOption('2');
  await page.getByRole('group', { name: 'Note sur 10' }).getByLabel('7', { exact: true }).check();
  await page.getByLabel('Budget mensuel (€)').fill('12,5');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.progress').textContent(), /Page 3 sur 3/);
  await check(page, 'page 3');

  // the respondent leaves, and comes back another day through the same link
  await context.close();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(link);
  assert.match(await page.locator('.progress').textContent(), /Page 3 sur 3/, 'resumes where they stopped');
  await page.getByRole('button', { name: 'Précédent' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getByLabel('Quelle autre aide ?').inputValue(), 'Aide aux devoirs <b>&</b>');
  assert.equal(await page.getByLabel('Budget mensuel (€)').inputValue(), '12.5');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForLoadState();

  // switch to English; the rest in English
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getByAttribute?.('html', 'lang') ?? await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.locator('.note').textContent(), /Thank you!/);
  await check(page, 'page 3 in English');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Check your answers');
  const review = await page.locator('main').textContent();
  for (const text of ['34', 'Yes', 'A little', 'Meals', 'Other', 'Aide aux devoirs <b>&</b>', '12.5'])
    assert.ok(review.includes(text), `the review shows ${text}`);
  await check(page, 'review page');

  // submit; the link then only thanks
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Thank you!');
  await check(page, 'thank-you page');
  resp = await page.goto(link);
  assert.equal(resp.status(), 200);
  // an anonymous link keeps no language once submitted (docs/data-protection.md)
  assert.equal(await page.locator('h1').textContent(), 'Merci\u00a0!', 'the default language');
  assert.equal(await page.locator('form').count(), 0, 'no form once submitted');
  await context.close();

  // the answers, read back from the workspace with the utilis command
  const list = run('invite', 'essai', '--list', '--status', 'submitted');
  assert.equal(links(list).length, 1, 'utilis invite --list shows the link submitted');
  const out = path.join(scratch, 'answers.csv');
  run('responses', 'export', 'essai', '--format', 'csv', '-o', out);
  const csv = readFileSync(out, 'utf8');
  const [header, row] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const cols = header.split(',');
  const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
  const get = (name) => cells[cols.indexOf(name)];
  assert.equal(get('age'), '34');
  assert.equal(get('arrivee'), '2021-09-01');
  assert.equal(get('ecoute'), '3');
  assert.equal(get('seul'), '2');
  assert.equal(get('aides'), 'repas autre');
  assert.equal(get('aides_autre'), 'Aide aux devoirs <b>&</b>');
  assert.equal(get('priorites'), 'logement repas');
  assert.equal(get('note'), '7');
  assert.equal(get('budget'), '12.5');
  assert.equal(get('majeur'), 'oui');
});

test('every page of the programme\'s surveys passes axe and reflows', async () => {
  const surveys = readdirSync(path.join(top, 'surveys')).filter((f) => f.endsWith('.yaml'));
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  for (const file of surveys) {
    const src = readFileSync(path.join(top, 'surveys', file), 'utf8');
    const formId = src.match(/^form_id:\s*(\S+)/m)[1];
    const [link] = links(run('invite', formId, '--count', '1', '--base-url', base));
    await page.goto(link);
    let errorsChecked = 0;
    // walk the pages: "Next" with nothing answered shows the required errors
    // (checked too), then "Save and finish later" is not needed: every page
    // is reached by answering nothing where allowed and, where a page
    // insists, moving on with the draft through the review's "Change".
    for (let n = 1; n < 30; n++) {
      const h1 = await page.locator('h1').textContent();
      await check(page, `${formId}: ${h1}`);
      if (await page.locator('button[value="submit"]').count()) break;
      await page.getByRole('button', { name: 'Suivant' }).click();
      await page.waitForLoadState();
      // where the page insists, answer what is in error, trying a few values
      for (let attempt = 0; attempt < 6 && await page.locator('.error-summary').count(); attempt++) {
        if (attempt === 0 && !errorsChecked++) await check(page, `${formId}: ${h1} (errors)`);
        for (const q of await page.locator('.question.has-error').all()) {
          const choice = q.locator('input[type=radio], input[type=checkbox]');
          const sel = q.locator('select');
          if (await choice.count()) {
            await choice.nth(attempt % await choice.count()).check();
          } else if (await sel.count()) {
            for (const [i, s] of (await sel.all()).entries())
              await s.selectOption({ index: Math.min(i + 1, await s.locator('option').count() - 1) });
          } else {
            const input = q.locator('input, textarea').first();
            const type = await input.getAttribute('type');
            const mode = await input.getAttribute('inputmode');
            const name = (await input.getAttribute('name')) || '';
            const values = type === 'date' ? ['2024-01-15', '2000-01-01']
              : mode ? ['1', '5', '2000', '50', '0', '3']
              : name.includes('mail') ? ['nom@exemple.fr']
              : ['Un texte de réponse.', 'Une description plus longue. '.repeat(10),
                 '02 40 00 00 00', 'nom@exemple.fr', '44000'];
            await input.fill(values[attempt % values.length]);
          }
        }
        await page.getByRole('button', { name: 'Suivant' }).click();
        await page.waitForLoadState();
      }
      if (await page.locator('.error-summary').count()) break;	// stuck: reported below
      if (await page.locator('.notice').count()) {
        await page.getByRole('button', { name: 'Suivant' }).click();
        await page.waitForLoadState();
      }
    }
    if (!await page.locator('button[value="submit"]').count())
      assert.fail(`${formId}: stuck at ${await page.locator('h1').textContent()}: ` +
                  `${await page.locator('main').textContent()}`);
  }
  await context.close();
  assert.ok(checked.length > 20, `axe ran on ${checked.length} pages`);
});
