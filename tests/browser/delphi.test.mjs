// Browser test of a Delphi round-2 page: Debian's chromium, driven by
// playwright-core, opens a pilot-group member's round-2 link the way the
// member does, and axe-core checks every page it sees.
//
//   UTILIS=path/to/utilis node --test tests/browser/delphi.test.mjs
//
// The scenario, on the small test referential (tests/data/referential/):
// round 1 answered on paper by five members; round 2 started; Anne's page
// shows, for each indicator, her own round-1 rating (read only) and already
// ticked, the group's median and spread, and, for the indicator fewer than
// min_group members rated, that the group's position is not shown, never
// another member's rating.  She changes one rating, keeps the others and
// submits; 'utilis delphi results' then counts her round-2 ratings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { top, utilis, workspace, serve, launchChromium, teardown, assertAxe, assertReflows } from './lib.mjs';

const { scratch, env } = workspace('delphi');
const data = path.join(top, 'tests/data/referential');
const referential = path.join(data, 'petit.yaml');

let server, base, browser;

function run(...args) {
  return execFileSync(utilis, ['-q', ...args], { env, encoding: 'utf8' });
}

before(async () => {
  run('init');
  run('survey', 'load', path.join(top, 'surveys/utilite-sociale.yaml'));
  run('delphi', 'start', referential, '--round', '1');
  run('invite', 'delphi-petit', '--from', path.join(data, 'membres.csv'), '-o', path.join(scratch, 'l1.csv'));
  run('responses', 'import', 'delphi-petit', path.join(data, 'tour1.csv'));
  ({ server, base } = await serve(env, ['serve', '--listen', '127.0.0.1:0']));
  browser = await launchChromium();
});

after(() => teardown({ browser, server, scratch }));

const axe = assertAxe;

const reflows = assertReflows;

test('a member keeps or changes their ratings on the round-2 page', async () => {
  const csv = execFileSync(utilis, ['delphi', 'start', referential, '--round', '2', '--base-url', base],
                           { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const anne = csv.trim().split('\n').find((l) => l.startsWith('Anne,')).split(',').pop();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  const page = await context.newPage();

  const resp = await page.goto(anne);
  assert.equal(resp.status(), 200);
  assert.match(await page.locator('main').textContent(), /Tour 2\. Pour chaque indicateur/);
  await axe(page, 'round 2, the instructions');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForLoadState();

  // the stake 'besoins': Anne's own round-1 rating, read only and ticked, and the group's position
  const main = await page.locator('main').textContent();
  const own = page.locator('#q-avant_p_reels');
  assert.match(await own.locator('.label').textContent(), /Votre note au tour 1 pour «\sBesoins réels\s»/);
  assert.equal((await own.locator('.value').textContent()).trim(), '8');
  assert.equal(await page.locator('#q-avant_p_reels input').count(), 0, 'no field to change it');
  assert.ok(await page.locator('input[name="p_reels"][value="8"]').isChecked(), 'her rating is ticked');
  assert.match(main, /Le groupe au tour 1 \(5 notes\)\s: médiane 8, la moitié des notes entre 7 et 8\./);
  // 'signales': Anne did not rate it, three members did (fewer than 4): no position, no rating of hers
  assert.match(main, /moins de 4 membres ont noté cet indicateur\s: la position du groupe n'est pas montrée/);
  assert.equal(await page.locator('#q-avant_p_signales .value').textContent().then((t) => t.trim()),
               'Pas de réponse', 'no previous rating of hers');
  assert.equal(await page.locator('input[name="p_signales"]:checked').count(), 0);
  // never another member's rating: only medians and quartiles appear
  for (const other of ['Bruno', 'Chloé', 'David', 'Emma', 'bruno@', 'Difficile à mesurer'])
    assert.ok(!main.includes(other), `the page does not show ${other}`);
  await axe(page, 'round 2, a page with feedback');
  await reflows(page, 'round 2, a page with feedback');

  // she changes 'reels' to 9 and keeps the rest
  await page.locator('label[for="f-p_reels-8"]').click();
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForLoadState();
  assert.equal((await page.locator('#q-avant_p_isole .value').textContent()).trim(), '7');
  assert.ok(await page.locator('input[name="p_isole"][value="7"]').isChecked());
  await axe(page, 'round 2, the second stake');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForLoadState();
  await axe(page, 'round 2, the review');
  await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Merci\u00a0!');
  await context.close();

  // read back: Anne's round-2 answers count, her previous rating kept as it was shown
  const out = path.join(scratch, 'r2.csv');
  run('responses', 'export', 'delphi-petit', '--version', '2', '--format', 'csv', '-o', out);
  const [header, row] = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const cols = header.split(',');
  const vals = row.split(',');
  assert.equal(vals[cols.indexOf('p_reels')], '9', 'the rating she changed');
  assert.equal(vals[cols.indexOf('avant_p_reels')], '8', 'the reminder of round 1');
  assert.equal(vals[cols.indexOf('p_isole')], '7', 'the rating she kept');
  const res = JSON.parse(execFileSync(utilis, ['delphi', 'results', referential, '--round', '2',
                                               '--format', 'json'], { env, encoding: 'utf8' }));
  assert.equal(res.rounds[0].members, null, 'one member: fewer than min_group, not even the count');
});
