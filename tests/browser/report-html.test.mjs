// Browser test of the accessible HTML version of the reports ('utilis
// report LAYOUT -o FILE.html'): Debian's chromium, driven by
// playwright-core, opens the files as a reader would (file://), on a phone
// (375 px) and a laptop (1280 px); axe-core checks them.
//
//   UTILIS=path/to/utilis node --test tests/browser/report-html.test.mjs
//
// What it proves: one h1 and no heading level skipped; header, nav, main
// and footer; each chart an SVG image named by its caption and followed by
// a table (caption, th scope) whose numbers are those of 'indicators
// compute --format json' and 'prize results --format json'; the Delphi
// co-construction report ('delphi build --pdf FILE.html') too; the page does
// not scroll sideways (only the tables' wrappers do); markup in the
// applications (a candidate's name with <script>, an answer that closes a
// table and adds an <img onerror>) shows as text and never runs; no
// script, nothing fetched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { top, utilis, launchChromium, axeViolations } from './lib.mjs';
import { pathToFileURL } from 'node:url';

const scratch = mkdtempSync(path.join(process.env.TMPDIR || tmpdir(), 'utilis-report-html-'));
const env = { ...process.env, UTILIS_NOW: '2026-01-15T10:00:00Z', SOURCE_DATE_EPOCH: '1768471200' };
delete env.UTILIS_DB;
const hostileName = '<script>window.pwned=1</script>Les "amis" & l\'<b>entraide</b>';
const hostileTitle = '</td></table><img src=x onerror="window.pwned=2">';

let browser, indicators, prize;
const file = (name) => path.join(scratch, name);

function run(db, ...args) {
  return execFileSync(utilis, ['--db', file(db), '-q', ...args],
                      { env, cwd: top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

// A simple CSV reader: quoted fields with commas, quotes and line breaks.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const csvLine = (r) => r.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');

before(async () => {
  // The social-utility report: 300 simulated stakeholders in two groups.
  run('us.db', 'init');
  run('us.db', 'survey', 'load', 'surveys/utilite-sociale.yaml');
  run('us.db', 'simulate', 'utilite-sociale', '--n', '300', '--seed', '11', '--groups', '2');
  run('us.db', 'report', 'reports/utilite-sociale.yaml', '-o', file('us.html'));
  run('us.db', 'report', 'reports/utilite-sociale.yaml', '-o', file('us-en.html'), '--lang', 'en');
  indicators = JSON.parse(run('us.db', 'indicators', 'compute', 'indicators/utilite-sociale.yaml', '--format', 'json'));
  // The jury's scorecards, with markup in the first application.
  const rows = parseCsv(readFileSync(path.join(top, 'tests/data/reports/candidatures.csv'), 'utf8'));
  rows[1][rows[0].indexOf('asso_nom')] = hostileName;
  rows[1][rows[0].indexOf('part_titre')] = hostileTitle;
  writeFileSync(file('candidatures.csv'), rows.map(csvLine).join('\n') + '\n');
  run('prix.db', 'init');
  run('prix.db', 'survey', 'load', 'surveys/prix-candidature.yaml', 'surveys/prix-grille.yaml');
  run('prix.db', 'responses', 'import', 'prix-candidature', file('candidatures.csv'));
  for (let j = 1; j <= 6; j++)
    run('prix.db', 'jury', 'add', 'indicators/prix-2018.yaml', '--name', `Juré ${j}`, '--email', `j${j}@example.org`);
  run('prix.db', 'responses', 'import', 'prix-grille', 'tests/data/reports/notes-jury.csv',
      '--edition', 'indicators/prix-2018.yaml');
  run('prix.db', 'report', 'reports/prix-scorecards.yaml', '-o', file('prix.html'));
  prize = JSON.parse(run('prix.db', 'prize', 'results', 'indicators/prix-2018.yaml', '--format', 'json'));
  // The co-construction report of two Delphi rounds (tables, no chart).
  run('delphi.db', 'init');
  run('delphi.db', 'survey', 'load', 'surveys/utilite-sociale.yaml');
  run('delphi.db', 'delphi', 'start', 'tests/data/referential/petit.yaml', '--round', '1');
  run('delphi.db', 'invite', 'delphi-petit', '--from', 'tests/data/referential/membres.csv', '-o', file('liens1.csv'));
  run('delphi.db', 'responses', 'import', 'delphi-petit', 'tests/data/referential/tour1.csv');
  run('delphi.db', 'delphi', 'start', 'tests/data/referential/petit.yaml', '--round', '2', '-o', file('liens2.csv'));
  run('delphi.db', 'responses', 'import', 'delphi-petit', 'tests/data/referential/tour2.csv');
  run('delphi.db', 'delphi', 'build', 'tests/data/referential/petit.yaml', '--pdf', file('delphi.html'));
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function axe(page, what) {
  assert.deepEqual((await axeViolations(page)).map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target).join(' ')})`),
                   [], `accessibility of ${what}`);
}

// "61,3" or "61.3" as a number; "–" as NaN.
const number = (s) => Number(s.replace(/\u00a0|\u202f| /g, '').replace(',', '.'));
// A value shown with one decimal is the JSON's, rounded.
function same(shown, value, what) {
  assert.ok(Math.abs(number(shown) - value) <= 0.05 + 1e-9, `${what}: shown ${shown}, computed ${value}`);
}

// The tables that follow the charts: caption, header and rows as text.
async function chartTables(page) {
  return page.locator('figure.chart').evaluateAll((figs) => figs.map((f) => {
    const wrap = f.nextElementSibling;
    const t = wrap && wrap.matches('div.tw[role=region][tabindex="0"]') ? wrap.querySelector('table') : null;
    if (!t) return null;
    return {
      caption: t.caption ? t.caption.textContent : '',
      head: [...t.tHead.rows[0].cells].map((c) => c.textContent),
      colScope: [...t.tHead.rows[0].cells].every((c) => c.tagName === 'TH' && c.scope === 'col'),
      rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)),
      rowHeads: [...t.tBodies[0].rows].every((r) => r.querySelector('th[scope=row]')),
    };
  }));
}

async function structure(page, what, lang, charts = true) {
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `${what}: language`);
  assert.match(await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content'),
               /^default-src 'none'; style-src 'unsafe-inline'/, `${what}: content security policy`);
  for (const landmark of ['header', 'nav', 'main', 'footer'])
    assert.equal(await page.locator(landmark).count(), 1, `${what}: one ${landmark}`);
  assert.equal(await page.locator('script, link, iframe, img, object, embed').count(), 0, `${what}: nothing that runs or is fetched`);
  const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  assert.equal(levels.filter((l) => l === 1).length, 1, `${what}: one h1`);
  assert.equal(levels[0], 1, `${what}: the h1 comes first`);
  levels.forEach((l, i) => assert.ok(i === 0 || l <= levels[i - 1] + 1, `${what}: heading ${i} jumps from h${levels[i - 1]} to h${l}`));
  // the table of contents leads to every section
  const toc = await page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const h2 = await page.locator('main h2').evaluateAll((hs) => hs.map((h) => `#${h.id}`));
  assert.deepEqual(toc, h2, `${what}: the contents list every section`);
  // every chart: an image named by its caption, then its table
  const svgs = await page.locator('svg').evaluateAll((ss) => ss.map((s) => ({
    role: s.getAttribute('role'),
    name: document.getElementById(s.getAttribute('aria-labelledby'))?.textContent || '',
    inFigure: s.parentElement.tagName === 'FIGURE',
  })));
  assert.equal(svgs.length > 0, charts, `${what}: charts`);
  for (const s of svgs) {
    assert.equal(s.role, 'img', `${what}: an SVG is an image`);
    assert.ok(s.name.length > 10 && s.inFigure, `${what}: an SVG is named by its figure's caption`);
  }
  const tables = await chartTables(page);
  assert.equal(tables.length, svgs.length, `${what}: a table for each chart`);
  tables.forEach((t, i) => {
    assert.ok(t, `${what}: chart ${i} is followed by its table in a scrolling region`);
    assert.ok(t.caption.length > 5 && t.colScope && t.rowHeads, `${what}: chart ${i}'s table has a caption and header cells`);
    assert.ok(t.rows.length > 0, `${what}: chart ${i}'s table has rows`);
  });
  return tables;
}

async function layout(page, what) {
  const overflow = await page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what}: the page scrolls sideways (${overflow} px)`);
}

for (const [device, viewport] of [['phone', { width: 375, height: 740 }], ['laptop', { width: 1280, height: 800 }]]) {
  test(`the social-utility report on a ${device} (${viewport.width} px)`, async () => {
    const context = await browser.newContext({ viewport, isMobile: device === 'phone', hasTouch: device === 'phone' });
    const page = await context.newPage();
    for (const [name, lang] of [['us.html', 'fr'], ['us-en.html', 'en']]) {
      const what = `${name} on a ${device}`;
      await page.goto(pathToFileURL(file(name)).href);
      const tables = await structure(page, what, lang);
      await axe(page, what);
      await layout(page, what);
      assert.match(await page.locator('main').textContent(), lang === 'fr' ? /L'essentiel/ : /Key points/);
      const fr = lang === 'fr';
      const dimLabel = (d) => d.label[lang] || d.id;
      const all = indicators.groups.find((g) => g.all);
      const groups = [all, ...indicators.groups.filter((g) => !g.all && !g.suppressed)];
      // the radar: a row per dimension, a column per group (the whole first)
      const radar = tables.find((t) => t.head.length === groups.length + 1 && t.rows.length === indicators.dimensions.length);
      assert.ok(radar, `${what}: the radar's table`);
      indicators.dimensions.forEach((d, k) => {
        assert.equal(radar.rows[k][0], dimLabel(d), `${what}: radar row ${k}`);
        groups.forEach((g, j) => same(radar.rows[k][j + 1], g.cells[k].score, `${what}: radar, ${d.id}, group ${j}`));
      });
      // the bars: the composite index, then each dimension by group, with their intervals
      const bars = tables.filter((t) => t.head.includes(fr ? 'Score sur 100' : 'Score out of 100'));
      assert.equal(bars.length, 1 + indicators.dimensions.length, `${what}: the composite and one chart per dimension`);
      const interval = (s) => s.split(/\s+–\s+/);
      groups.forEach((g, j) => {
        same(bars[0].rows[j][2], g.composite.score, `${what}: composite, group ${j}`);
        same(interval(bars[0].rows[j][3])[0], g.composite.ci[0], `${what}: composite interval, group ${j}`);
        same(interval(bars[0].rows[j][3])[1], g.composite.ci[1], `${what}: composite interval, group ${j}`);
        assert.equal(bars[0].rows[j][1], `n = ${g.n}`, `${what}: composite, group ${j}'s count`);
      });
      indicators.dimensions.forEach((d, k) => {
        groups.forEach((g, j) => {
          const cell = g.cells[k];
          same(bars[k + 1].rows[j][2], cell.score, `${what}: ${d.id}, group ${j}`);
          same(interval(bars[k + 1].rows[j][3])[0], cell.score_ci[0], `${what}: ${d.id} interval, group ${j}`);
          same(interval(bars[k + 1].rows[j][3])[1], cell.score_ci[1], `${what}: ${d.id} interval, group ${j}`);
          assert.equal(bars[k + 1].rows[j][1], `n = ${cell.value.n}`, `${what}: ${d.id}, group ${j}'s count`);
        });
      });
      // the diverging bars: the answers to each statement, adding up to 100 % (rounded)
      const likert = tables.filter((t) => t.head[0] === (fr ? 'Affirmation' : 'Statement'));
      assert.ok(likert.length >= indicators.dimensions.length - 1, `${what}: the answers to the statements`);
      for (const t of likert)
        for (const r of t.rows) {
          const sum = r.slice(2).reduce((s, c) => s + number(c.replace('%', '')), 0);
          assert.ok(Math.abs(sum - 100) <= 3, `${what}: ${r[0]} adds up to ${sum} %`);
        }
    }
    await context.close();
  });

  test(`the Delphi co-construction report on a ${device} (${viewport.width} px)`, async () => {
    const context = await browser.newContext({ viewport, isMobile: device === 'phone', hasTouch: device === 'phone' });
    const page = await context.newPage();
    const what = `delphi.html on a ${device}`;
    await page.goto(pathToFileURL(file('delphi.html')).href);
    await structure(page, what, 'fr', false);
    await axe(page, what);
    await layout(page, what);
    assert.ok(await page.locator('main table th[scope=col]').count() > 0, `${what}: its tables have column headers`);
    await context.close();
  });

  test(`the jury's scorecards on a ${device} (${viewport.width} px), with markup in an application`, async () => {
    const context = await browser.newContext({ viewport, isMobile: device === 'phone', hasTouch: device === 'phone' });
    const page = await context.newPage();
    const what = `prix.html on a ${device}`;
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(pathToFileURL(file('prix.html')).href);
    const tables = await structure(page, what, 'fr');
    await axe(page, what);
    await layout(page, what);
    // the markup is text, shown as it was typed, and nothing ran
    assert.equal(await page.evaluate(() => window.pwned), undefined, `${what}: no script ran`);
    assert.deepEqual(dialogs, []);
    assert.ok(await page.getByRole('heading', { level: 2, name: new RegExp(hostileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).count() === 1,
              `${what}: the candidate's name with its markup is a heading, as text`);
    assert.ok((await page.locator('main').textContent()).includes(hostileTitle), `${what}: the application's answer, as text`);
    // the ranking: every candidate's total, as 'prize results' gives it
    const ranking = tables.find((t) => t.head[0] === 'Rang');
    assert.ok(ranking, `${what}: the ranking's table`);
    assert.equal(ranking.rows.length, prize.ranking.length, `${what}: every candidate is ranked`);
    prize.ranking.forEach((c, i) => {
      assert.equal(ranking.rows[i][1], c.candidate, `${what}: rank ${i + 1}'s candidate`);
      same(ranking.rows[i][2], c.total, `${what}: ${c.candidate}'s total`);
    });
    await context.close();
  });
}
