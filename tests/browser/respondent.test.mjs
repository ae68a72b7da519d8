// Browser test of what a respondent sees on a phone (375 px) and a laptop
// (1280 px): scales as one row of equal cells on the laptop and a list on
// the phone, touch targets of at least 44 x 44 px measured with
// getBoundingClientRect (the whole row of a choice tappable), follow-up
// questions shown in place without a request, those the server shows marked
// and focused, the focus on the error summary after a refused page, the
// language switch keeping the page's answers, the browser's Back and
// Forward, French punctuation kept with its word, and axe-core on every
// page seen.
//
//   UTILIS=path/to/utilis node --test tests/browser/respondent.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { top, utilis, workspace, serve, launchChromium, teardown, assertAxe } from './lib.mjs';

const { scratch, env } = workspace('browser');

const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1280, height: 800 };

let server, base, browser;

function run(...args) {
  return execFileSync(utilis, ['-q', ...args], { env, encoding: 'utf8' });
}

function link(form) {
  return run('invite', form, '--count', '1', '--base-url', base).trim().split('\n')[1].split(',').pop();
}

// Two follow-ups that depend on two answers each: the style sheet cannot
// show them in place, the server shows them after "Suivant".
const suivi = `form_id: suivi
version: 1
title: {fr: "Suivi", en: "Follow-up"}
default_language: fr
languages: [fr, en]
choices:
  oui_non:
    - {name: oui, label: {fr: "Oui", en: "Yes"}}
    - {name: non, label: {fr: "Non", en: "No"}}
survey:
  - type: group
    name: p1
    label: {fr: "Vos activités", en: "Your activities"}
    questions:
      - {type: select_one oui_non, name: a, label: {fr: "Vous êtes bénévole ?", en: "Do you volunteer?"}}
      - {type: select_one oui_non, name: b, label: {fr: "Vous êtes salarié ?", en: "Are you employed?"}}
      - {type: text, name: c1, label: {fr: "Comment faites-vous ?", en: "How do you manage?"}, relevant: "\${a} = 'oui' and \${b} = 'oui'"}
      - {type: text, name: c2, label: {fr: "Combien d'heures ?", en: "How many hours?"}, relevant: "\${a} = 'oui' and \${b} = 'oui'"}
  - type: group
    name: p2
    label: {fr: "Fin", en: "End"}
    questions:
      - {type: text, name: d, label: {fr: "Un mot ?", en: "A word?"}}
`;

before(async () => {
  run('init');
  writeFileSync(path.join(scratch, 'suivi.yaml'), suivi);
  run('survey', 'load', path.join(top, 'tests/data/good/essai.yaml'), path.join(scratch, 'suivi.yaml'),
      path.join(top, 'surveys/participation-facile.yaml'), path.join(top, 'surveys/participation.yaml'));
  ({ server, base } = await serve(env, ['serve', '--listen', '127.0.0.1:0']));
  browser = await launchChromium();
});

after(() => teardown({ browser, server, scratch }));

let axeRuns = 0;
async function axe(page, what) {
  axeRuns++;
  await assertAxe(page, what);
}

// Every target a finger uses, visible, at least 44 x 44 px.
async function targets(page, what) {
  const small = await page.evaluate(() => {
    const sel = '.choice, main button, .lang-switch, .langs a, select, input.input, textarea';
    return [...document.querySelectorAll(sel)]
      .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
      .map((e) => [e, e.getBoundingClientRect()])
      .filter(([, r]) => r.width < 44 || r.height < 44)
      .map(([e, r]) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  assert.deepEqual(small, [], `touch targets of ${what} (at least 44 x 44 px)`);
}

async function check(page, what) {
  await axe(page, what);
  await targets(page, what);
}

const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e ? `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + e.className : ''}` : '';
});

test('a scale is one row of equal cells on a laptop, a list on a phone', async () => {
  for (const [viewport, row] of [[LAPTOP, true], [PHONE, false]]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(link('participation-facile'));
    await page.getByRole('group', { name: /Qui êtes-vous/ }).getByLabel('Je suis accompagné').check();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Être informé/);
    await check(page, `a likert page at ${viewport.width} px`);
    const scales = await page.locator('.choices.row').evaluateAll((els) => els.map((el) =>
      [...el.querySelectorAll('.choice')].map((c) => {
        const r = c.getBoundingClientRect();
        return { top: Math.round(r.top), width: Math.round(r.width) };
      })));
    assert.equal(scales.length, 3, 'three scales on the page');
    for (const cells of scales) {
      assert.equal(cells.length, 3);
      if (row) {
        assert.ok(cells.every((c) => c.top === cells[0].top), `one row at ${viewport.width} px: ${JSON.stringify(cells)}`);
        assert.ok(cells.every((c) => Math.abs(c.width - cells[0].width) <= 1), `equal cells: ${JSON.stringify(cells)}`);
      } else {
        assert.ok(cells[1].top > cells[0].top && cells[2].top > cells[1].top, `a list at ${viewport.width} px`);
        assert.ok(cells.every((c) => c.width >= 300), `each choice the width of the screen: ${JSON.stringify(cells)}`);
      }
    }
    // the whole row is tappable: a tap near the right end of a choice ticks it
    const cell = page.locator('.choices.row .choice').nth(1);
    const r = await cell.boundingBox();
    await page.mouse.click(r.x + r.width - 4, r.y + r.height - 4);
    assert.equal(await cell.locator('input').isChecked(), true, 'a tap at the edge of the row ticks the choice');
    // French punctuation: a no-break space keeps "?" with its word
    const legend = await page.locator('legend').first().textContent();
    assert.match(legend, /\u00a0\?/, 'a no-break space before "?"');
    assert.doesNotMatch(legend, / \?/);
    await context.close();
  }
});

test('a follow-up shows in place; the error summary and the new questions get the focus', async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const context = await browser.newContext({ viewport, locale: 'fr-FR' });
    const page = await context.newPage();
    const url = link('essai');
    await page.goto(url);
    await check(page, `first page at ${viewport.width} px`);

    // a refused page: the focus is on the error summary
    await page.getByLabel('Quel âge avez-vous ?').fill('12');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.waitForLoadState();
    assert.match(await focused(page), /error-summary/, 'the focus is on the error summary');
    await check(page, `first page with an error at ${viewport.width} px`);

    // the language switch saves what the page holds, even unsent
    await page.getByLabel('Quel âge avez-vous ?').fill('34');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getByLabel('How old are you?').inputValue(), '34', 'the answer is kept');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('h1').textContent(), 'Votre avis');
    assert.match(page.url(), /\?page=2$/, 'the page has its own address');

    // the follow-up appears in place as "Autre" is ticked, with no request
    const requests = [];
    page.on('request', (rq) => requests.push(rq.url()));
    const other = page.getByLabel('Quelle autre aide ?');
    assert.equal(await other.isVisible(), false, 'hidden before');
    await page.getByRole('group', { name: 'Quelles aides ?' }).getByLabel('Autre').check();
    assert.equal(await other.isVisible(), true, 'shown in place');
    await check(page, `follow-up in place at ${viewport.width} px`);
    await page.getByRole('group', { name: 'Quelles aides ?' }).getByLabel('Autre').uncheck();
    assert.equal(await other.isVisible(), false, 'hidden again');
    assert.deepEqual(requests, [], 'no request');
    await page.getByRole('group', { name: 'Quelles aides ?' }).getByLabel('Autre').check();
    await other.fill('Aide aux devoirs');

    // Back and Forward go from page to page
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.waitForLoadState();
    assert.match(page.url(), /\?page=3$/);
    await page.goBack();
    assert.equal(await page.locator('h1').textContent(), 'Votre avis', 'Back: the previous page');
    assert.equal(await page.getByLabel('Quelle autre aide ?').inputValue(), 'Aide aux devoirs');
    await page.goBack();
    assert.equal(await page.locator('h1').textContent(), 'Vous', 'Back again: the first page');
    assert.equal(await page.getByLabel('Quel âge avez-vous ?').inputValue(), '34');
    await page.goForward();
    assert.equal(await page.locator('h1').textContent(), 'Votre avis', 'Forward');
    await context.close();
  }

  // follow-ups the style sheet cannot show: the server does, marks them and moves the focus
  for (const viewport of [PHONE, LAPTOP]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(link('suivi'));
    await page.getByRole('group', { name: /bénévole/ }).getByLabel('Oui').check();
    await page.getByRole('group', { name: /salarié/ }).getByLabel('Oui').check();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('h1').textContent(), 'Vos activités', 'still on the page');
    assert.match(await page.locator('.notice').textContent(), /font apparaître 2 nouvelles questions/,
                 'the notice counts them');
    assert.equal(await page.locator('.revealed').count(), 2, 'both are marked');
    assert.equal(await page.locator('.revealed-tag').first().textContent(), 'Nouvelle question');
    assert.equal(await focused(page), 'input#f-c1.input', 'the focus is on the first');
    await check(page, `questions shown by the server at ${viewport.width} px`);
    await context.close();
  }
});

test('every page of the easy-to-read survey, on a phone and a laptop', async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(link('participation-facile'));
    let pages = 0;
    for (;;) {
      const h1 = await page.locator('h1').textContent();
      await check(page, `participation-facile: ${h1} at ${viewport.width} px`);
      pages++;
      if (await page.locator('button[value="submit"]').count()) break;
      assert.doesNotMatch(await page.locator('main').textContent(), /Merci/,
                          `no thanks before sending (${h1})`);
      for (const g of await page.locator('fieldset').all())
        await g.locator('input').first().check();
      await page.getByRole('button', { name: 'Suivant' }).click();
      await page.waitForLoadState();
      assert.ok(pages < 10);
    }
    assert.equal(pages, 6, 'five pages and the review');
    await context.close();
  }
  assert.ok(axeRuns > 20, `axe ran on ${axeRuns} pages`);
});
