// Browser test of the follow-up pages /admin: Debian's chromium, driven by
// playwright-core, opens them as the union's staff do, on a phone (375 px)
// and a laptop (1280 px); axe-core checks every page.
//
//   UTILIS=path/to/utilis node --test tests/browser/admin.test.mjs
//
// What was wrong on a phone: table cells broke words and numbers ("Envo
// yé", 480 as "48 / 0").  Now the tables scroll sideways inside a focusable
// region, each word and number stays on one line, and the page itself does
// not scroll sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { top, utilis, workspace, serve, launchChromium, teardown, assertAxe } from './lib.mjs';

const { scratch, env } = workspace('admin');
const edition = path.join(top, 'tests/data/prize/edition.yaml');
const secret = 'correct horse battery staple';

let server, base, browser;

function run(...args) {
  return execFileSync(utilis, ['-q', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

before(async () => {
  run('init');
  run('survey', 'load', path.join(top, 'surveys/participation.yaml'),
      path.join(top, 'tests/data/good/conseil.yaml'),
      path.join(top, 'tests/data/prize/candidature.yaml'), path.join(top, 'tests/data/prize/grille.yaml'));
  // 120 answers: three-digit counts, that broke as "48 / 0" (480)
  run('simulate', 'participation', '--n', '120', '--groups', '3', '--seed', '7');
  const contacts = ['name,email,group'];
  for (let i = 1; i <= 12; i++)
    contacts.push(`Personne ${i} Dupont-Lajoinie,personne.${i}.tres.longue.adresse@association-exemple.org,Hébergement d'urgence`);
  writeFileSync(path.join(scratch, 'contacts.csv'), contacts.join('\n') + '\n');
  run('invite', 'participation', '--from', path.join(scratch, 'contacts.csv'));
  execFileSync(utilis, ['-q', 'responses', 'import', 'conseil', 'conseil.csv'],
               { env, cwd: path.join(top, 'tests/data/repeats'), stdio: 'ignore' });
  run('responses', 'import', 'candidature', path.join(top, 'tests/data/prize/candidates.csv'));
  run('jury', 'add', edition, '--name', 'Anne Martin', '--email', 'anne@example.org', '--organisation', 'FACE Loire-Atlantique');
  run('jury', 'add', edition, '--name', 'Bruno Caron', '--email', 'bruno@example.org');
  execFileSync(utilis, ['-q', 'jury', 'assign', edition, '--per-candidate', '2', '--seed', '1'],
               { env, stdio: 'ignore' });
  writeFileSync(path.join(scratch, 'secret'), secret + '\n');

  ({ server, base } = await serve(env, ['serve', '--listen', '127.0.0.1:0', '--edition', edition,
                          '--admin-secret-file', path.join(scratch, 'secret')]));
  browser = await launchChromium();
});

after(() => teardown({ browser, server, scratch }));

const axe = assertAxe;

// Words and numbers of the tables' cells that the layout cut over two lines.
async function brokenWords(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const cell of document.querySelectorAll('th, td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const re = /[^\s\u00a0]+/g;
        let m;
        while ((m = re.exec(node.data))) {
          const r = document.createRange();
          r.setStart(node, m.index);
          r.setEnd(node, m.index + m[0].length);
          const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
          if (tops.size > 1) bad.push(m[0]);
        }
      }
    }
    return bad;
  });
}

// A number cell ("480", "25 %") on one line.
async function splitNumbers(page) {
  return page.locator('td.num').evaluateAll((els) => els.filter((e) => {
    const r = document.createRange();
    r.selectNodeContents(e);
    return new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top))).size > 1;
  }).map((e) => e.textContent));
}

for (const [device, viewport] of [['phone', { width: 375, height: 740 }], ['laptop', { width: 1280, height: 800 }]]) {
  test(`the follow-up pages on a ${device} (${viewport.width} px)`, async () => {
    const context = await browser.newContext({
      viewport, httpCredentials: { username: 'suivi', password: secret },
      isMobile: device === 'phone', hasTouch: device === 'phone',
    });
    const page = await context.newPage();
    for (const [url, what] of [['/admin', 'the overview'], ['/admin/participation', 'a survey'],
                               ['/admin/conseil', 'a survey with repeats']]) {
      const resp = await page.goto(base + url);
      assert.equal(resp.status(), 200, `${what}: status`);
      assert.equal(await page.locator('link[rel=stylesheet]').evaluate((l) => !!l.sheet), true,
                   `${what}: the style sheet is loaded`);
      await axe(page, `${what} on a ${device}`);
      assert.deepEqual(await brokenWords(page), [], `${what} on a ${device}: words cut in a cell`);
      assert.deepEqual(await splitNumbers(page), [], `${what} on a ${device}: numbers cut`);
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${what} on a ${device}: the page scrolls sideways (${overflow} px)`);
      // every table is inside a region that scrolls, reachable from the keyboard
      const loose = await page.locator('table').evaluateAll((ts) =>
        ts.filter((t) => !t.parentElement.matches('.table-scroll[tabindex="0"][role=region][aria-label]')).length);
      assert.equal(loose, 0, `${what}: tables outside a scrolling region`);
    }
    // the phone's page scrolls its wide table, not itself
    if (device === 'phone') {
      const wide = await page.locator('.table-scroll').last().evaluate((e) => e.scrollWidth > e.clientWidth);
      assert.ok(wide, 'the answers table of a survey with repeats is wider than a phone and scrolls');
    }
    await page.goto(base + '/admin');
    assert.match(await page.locator('main').textContent(), /Jury « /, 'the jury is on the overview');
    assert.equal(await page.getByRole('row', { name: /Anne Martin/ }).count(), 1, "Anne's progress");
    await page.goto(base + '/admin/participation');
    assert.match(await page.getByRole('heading', { level: 2, name: /À relancer/ }).textContent(), /À relancer \(12\)/);
    const when = await page.locator('td').filter({ hasText: /^\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4} \d\d:\d\d$/ }).count();
    assert.ok(when > 0, 'times in French');
    await context.close();
  });
}
