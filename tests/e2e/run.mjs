// Browser tests of the search page, against a real accord-searchd over data/sample plus
// tests/fixtures/e2e. Run by ctest (label e2e) as
//   node --test-reporter=spec run.mjs --index BIN --searchd BIN --source DIR --artifacts DIR
// or by hand after a release build: `cd tests/e2e && npm ci && node run.mjs`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  parseOptions, buildIndex, startServer, launchBrowser, guardNetwork, openPage, axeViolations,
  getJson, DESKTOP, PHONE,
} from './harness.mjs';

const options = parseOptions();
let tmp;
let server;
let context;
let network;
let base; // http://127.0.0.1:PORT/

const XSS_TITLE = '<img src=x onerror=alert(1)>';
const XSS_ID = 'e2e/xss-probe"><svg onload=alert(2)>';

before(async () => {
  const started = Date.now();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-e2e-'));
  fs.mkdirSync(options.artifacts, { recursive: true });
  for (const file of fs.readdirSync(options.artifacts)) {
    if (file.endsWith('.png')) fs.rmSync(path.join(options.artifacts, file));
  }
  const { db } = buildIndex(options, tmp);
  server = await startServer(options, db, path.join(options.artifacts, 'searchd.log'));
  base = server.url;
  context = await launchBrowser(options, tmp);
  network = await guardNetwork(context, base);
  console.log(`# server ${base}, browser ready in ${Date.now() - started} ms; artifacts in ${options.artifacts}`);
});

after(async () => {
  await context?.close().catch(() => {});
  await server?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(network?.external ?? [], [], 'requests to other origins');
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** Waits until the page shows what its address says (results or document rendered, not busy). */
async function settled(page) {
  await page.waitForFunction(() => {
    const rendered = document.body.dataset.rendered;
    const busy = document.getElementById('results').getAttribute('aria-busy') === 'true';
    return rendered !== undefined && rendered === location.search.slice(1) && !busy;
  });
}

async function visit(page, query = '') {
  await page.goto(`${base}${query}`);
  await settled(page);
}

function api(pathAndQuery) {
  return getJson(`${base}${pathAndQuery}`);
}

async function hitIds(page) {
  return page.locator('#hits li.hit').evaluateAll((items) => items.map((li) => li.dataset.id));
}

async function facetCounts(page, facet) {
  return page.locator(`fieldset[data-facet="${facet}"] input[type=checkbox]`).evaluateAll((inputs) =>
    Object.fromEntries(inputs.map((input) => [input.dataset.id,
      Number(input.closest('label').querySelector('.facet-count').firstChild.textContent.replace(/[^0-9]/g, ''))])));
}

function countsOf(values) {
  return Object.fromEntries(values.map((v) => [v.id, v.count]));
}

async function summaryTotal(page) {
  const text = await page.locator('#results-summary .count').textContent();
  return Number(text.replace(/[^0-9]/g, ''));
}

async function showAll(page, facet) {
  const more = page.locator(`fieldset[data-facet="${facet}"] .facet-more`);
  if (await more.isVisible() && (await more.getAttribute('aria-expanded')) === 'false') await more.click();
}

function params(page) {
  return new URL(page.url()).searchParams;
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(options.artifacts, `${name}.png`), fullPage: false });
}

/** Runs a test body in a fresh guarded page; fails on console errors and foreign requests. */
async function withPage(viewport, body) {
  const guarded = await openPage(context, viewport);
  const externalBefore = network.external.length;
  try {
    await body(guarded.page, guarded);
    guarded.check();
    assert.deepEqual(network.external.slice(externalBefore), [], 'requests to other origins');
  } finally {
    await guarded.page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Tests

test('typing a query shows ranked, highlighted results, and Back/Forward work', async () => {
  await withPage(DESKTOP, async (page) => {
    await visit(page);
    const all = await api('api/search?q=&limit=0');
    assert.equal(await summaryTotal(page), all.total, 'browsing shows every document');

    await page.locator('#q').pressSequentially('security guarantees', { delay: 15 });
    await page.waitForURL(/q=security\+guarantees/);
    await settled(page);

    const expected = await api('api/search?q=security+guarantees&offset=0&limit=10');
    assert.ok(expected.total > 1);
    assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id), 'results in the API ranking');
    assert.equal(await summaryTotal(page), expected.total);
    const marks = await page.locator('#hits .snippet mark').allTextContents();
    assert.ok(marks.length > 0, 'snippets highlight matches');
    for (const mark of marks) assert.match(mark, /secur|guarant/i);
    assert.equal(await page.locator('#hits .snippet mark').first().evaluate((m) => m.children.length), 0);
    await assert.doesNotReject(page.locator('#results-summary .took').waitFor(), 'time shown');

    // A party chip, a type badge, a date on every hit.
    const first = page.locator('#hits li.hit').first();
    assert.ok(await first.locator('.chip-party').count() > 0);
    assert.ok(await first.locator('.badge-type').count() === 1);
    assert.ok(await first.locator('time').count() === 1);

    // Typing made one history entry: Back returns to browsing, Forward to the query.
    await page.goBack();
    await settled(page);
    assert.equal(params(page).get('q'), null);
    assert.equal(await page.locator('#q').inputValue(), '');
    assert.equal(await summaryTotal(page), all.total);
    await page.goForward();
    await settled(page);
    assert.equal(await page.locator('#q').inputValue(), 'security guarantees');
    assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id));

    // Sorting by date keeps the total and orders by date.
    await page.locator('#sort').selectOption('date');
    await settled(page);
    assert.equal(params(page).get('sort'), 'date');
    const byDate = await api('api/search?q=security+guarantees&sort=date&offset=0&limit=10');
    assert.deepEqual(await hitIds(page), byDate.hits.map((h) => h.id));
  });
});

test('a slow, stale answer never replaces a newer one', async () => {
  await withPage(DESKTOP, async (page) => {
    await visit(page);
    let releaseSlow;
    const slowServed = new Promise((resolve) => { releaseSlow = resolve; });
    let sawSlow = false;
    await page.route(/\/api\/search\?q=Minsk&/, async (route) => {
      sawSlow = true;
      await new Promise((r) => setTimeout(r, 1200));
      await route.continue().catch(() => {}); // the page may have aborted it already
      releaseSlow();
    });
    const input = page.locator('#q');
    await input.fill('Minsk');
    await page.waitForURL(/q=Minsk$/);
    await page.locator('#results.loading').waitFor(); // loading state while the answer is slow
    await input.press('End');
    await input.pressSequentially(' II');
    await input.press('Enter');
    await page.waitForURL(/q=Minsk\+II/);
    await settled(page);
    await slowServed;
    assert.ok(sawSlow);
    const expected = await api('api/search?q=Minsk+II&offset=0&limit=10');
    assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id));
    assert.match(await page.locator('#results-summary').textContent(), /Minsk II/);
    await page.unroute(/\/api\/search\?q=Minsk&/);
  });
});

test('ticking a party filters results; other facets change, the ticked facet keeps its counts', async () => {
  await withPage(DESKTOP, async (page) => {
    await visit(page, '?q=security+guarantees');
    const before = await api('api/search?q=security+guarantees&limit=10');
    const party = before.facets.party.find((p) => p.count > 0 && p.count < before.total);
    assert.ok(party, 'a party that narrows the results');
    await showAll(page, 'party');
    await showAll(page, 'region');
    const partyBefore = await facetCounts(page, 'party');
    const regionBefore = await facetCounts(page, 'region');
    assert.deepEqual(partyBefore, countsOf(before.facets.party));

    await page.locator(`fieldset[data-facet="party"] input[data-id="${party.id}"]`).check();
    await page.waitForURL(new RegExp(`party=${party.id}`));
    await settled(page);

    const after = await api(`api/search?q=security+guarantees&party=${party.id}&limit=10`);
    assert.equal(after.total, party.count);
    assert.equal(await summaryTotal(page), after.total, 'results narrowed');
    assert.deepEqual(await hitIds(page), after.hits.map((h) => h.id));
    assert.deepEqual(await facetCounts(page, 'party'), partyBefore, 'the ticked facet keeps its counts');
    const regionAfter = await facetCounts(page, 'region');
    assert.deepEqual(regionAfter, countsOf(after.facets.region), 'region counts follow the filter');
    assert.notDeepEqual(regionAfter, regionBefore, 'other facets changed');
    assert.ok(await page.locator(`fieldset[data-facet="party"] input[data-id="${party.id}"]`).isChecked());
    await assert.doesNotReject(page.locator('#active-chips .chip-remove', { hasText: party.label }).waitFor());

    // A second party is still selectable: OR within the facet.
    const other = before.facets.party.find((p) => p.id !== party.id && p.count < before.total);
    await page.locator(`fieldset[data-facet="party"] input[data-id="${other.id}"]`).check();
    await page.waitForURL(new RegExp(`party=${other.id}`));
    await settled(page);
    const both = await api(`api/search?q=security+guarantees&party=${party.id}&party=${other.id}&limit=10`);
    assert.equal(await summaryTotal(page), both.total);
    assert.ok(both.total >= after.total);

    // A region from the tree (country › oblast) narrows across facets (AND).
    const regionGroup = page.locator('fieldset[data-facet="region"] .tree-group').first();
    assert.ok(await regionGroup.locator('button.twisty').count() === 1, 'regions grouped under a country');
    const oblast = regionGroup.locator('input[type=checkbox]').first();
    const oblastId = await oblast.getAttribute('data-id');
    await oblast.check();
    await settled(page);
    const narrowed = await api(`api/search?q=security+guarantees&party=${party.id}&party=${other.id}&region=${oblastId}&limit=10`);
    assert.equal(await summaryTotal(page), narrowed.total);

    // Filter box for a long list.
    const filter = page.locator('fieldset[data-facet="party"] .facet-filter');
    await filter.fill(other.label.slice(0, 4));
    assert.ok(await page.locator(`fieldset[data-facet="party"] input[data-id="${other.id}"]`).isVisible());
    assert.ok(await page.locator('fieldset[data-facet="party"] input[type=checkbox]').count() < Object.keys(partyBefore).length);
    await filter.fill('');

    // Removing a chip, then "Clear all".
    await page.locator('#active-chips .chip-remove', { hasText: other.label }).click();
    await settled(page);
    assert.deepEqual(params(page).getAll('party'), [party.id]);
    await page.locator('#clear-all').click();
    await settled(page);
    assert.deepEqual([...params(page).keys()], ['q']);
    assert.equal(await summaryTotal(page), before.total);
  });
});

test('the timeline filters by period when dragged across or clicked', async () => {
  await withPage(DESKTOP, async (page) => {
    await visit(page);
    const all = await api('api/search?q=&limit=0');
    const bars = page.locator('#timeline-chart rect.bar');
    const months = await bars.evaluateAll((rects) => rects.map((r) => r.dataset.month));
    assert.deepEqual(months, all.facets.month.filter((m) => m.count > 0).map((m) => m.id), 'a bar per month with matches');
    const from = months[Math.floor(months.length / 2)];
    const to = months[months.length - 2];

    const box = async (month) => page.locator(`#timeline-chart rect.bar[data-month="${month}"]`).boundingBox();
    const a = await box(from);
    const b = await box(to);
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, a.y + a.height / 2, { steps: 4 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForURL(new RegExp(`from=${from}&to=${to}`));
    await settled(page);
    const period = await api(`api/search?q=&from=${from}&to=${to}&limit=10`);
    assert.equal(await summaryTotal(page), period.total);
    assert.ok(period.total > 0 && period.total < all.total);
    assert.equal(await page.locator('#timeline-chart rect.brush').count(), 1);
    const inside = await page.locator('#timeline-chart rect.bar.in').evaluateAll((r) => r.map((x) => x.dataset.month));
    assert.deepEqual(inside, months.filter((m) => m >= from && m <= to));
    await screenshot(page, 'timeline-brushed-desktop');

    // "Clear period", then a click on one bar.
    await page.locator('#timeline-clear').click();
    await settled(page);
    assert.equal(params(page).get('from'), null);
    const one = months[months.length - 1];
    const c = await box(one);
    await page.mouse.click(c.x + c.width / 2, c.y + c.height - 2);
    await page.waitForURL(new RegExp(`from=${one}&to=${one}`));
    await settled(page);
    const count = all.facets.month.find((m) => m.id === one).count;
    assert.equal(await summaryTotal(page), count);

    // Keyboard: End, Shift+Left twice, Enter → the last three months of the axis.
    await page.locator('#timeline-chart svg').focus();
    await page.keyboard.press('Escape');
    await settled(page);
    assert.equal(params(page).get('from'), null, 'Escape clears the period');
    await page.locator('#timeline-chart svg').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Enter');
    await settled(page);
    const last = all.facets.month[all.facets.month.length - 1].id;
    const [y, m] = last.split('-').map(Number);
    const start = new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 7);
    assert.equal(params(page).get('from'), start);
    assert.equal(params(page).get('to'), last);
  });
});

test('the document view highlights mentions, lists sections, and its entity links filter the search', async () => {
  await withPage(DESKTOP, async (page) => {
    await visit(page, '?q=security+guarantees');
    const passage = page.locator('#hits li.hit', { has: page.locator('.badge-section') }).first();
    const docId = await passage.getAttribute('data-id');
    const section = await passage.locator('.badge-section').textContent();
    await passage.locator('a.hit-link').click();
    await page.waitForURL(/doc=/);
    await settled(page);
    assert.equal(params(page).get('doc'), docId);
    assert.equal(params(page).get('q'), 'security guarantees', 'the search stays in the address');

    const doc = await api(`api/doc/${encodeURIComponent(docId)}`);
    assert.equal(await page.locator('#doc-title').textContent(), doc.title);
    // Mentions: one <mark> per mention, with the text the byte offsets point at.
    const marks = await page.locator('#doc-body mark.mention').evaluateAll((ms) => ms.map((m) => [m.textContent, m.className]));
    assert.deepEqual(marks.map(([text]) => text), doc.mentions.map((m) => m.text));
    assert.deepEqual(marks.map(([, cls]) => cls.match(/m-(\w+)/)[1]), doc.mentions.map((m) => m.type));
    for (const type of ['party', 'region', 'agreement']) {
      assert.ok(marks.some(([, cls]) => cls.includes(`m-${type}`)), `${type} mentions highlighted`);
    }
    // The body is the API's body, as text.
    const bodyText = await page.locator('#doc-body').evaluate((b) => b.textContent.replace(/\s+/g, ''));
    assert.equal(bodyText, doc.body.replace(/\s+/g, ''));
    // Metadata and sections.
    await assert.doesNotReject(page.locator('.doc-meta dd', { hasText: doc.source }).waitFor());
    const toc = page.locator('nav.toc a');
    assert.equal(await toc.count(), doc.sections.length);
    const target = doc.sections.findIndex((s) => s.label === section.replace(/^Section:\s*/, ''));
    assert.ok(target >= 0, 'the passage of the hit is a section');
    await page.waitForFunction((id) => document.activeElement?.id === id, `sec-${target}`);
    assert.ok(await page.locator(`#sec-${target}`).evaluate((s) => s.classList.contains('target')));
    await toc.nth(2).click();
    await page.waitForFunction(() => document.activeElement?.id === 'sec-2');
    await screenshot(page, 'document-desktop');

    // An entity link adds its filter to the search the document came from.
    const region = doc.entities.find((e) => e.type === 'region');
    await page.locator(`a.entity-link[data-entity="region:${region.id}"]`).click();
    await page.waitForURL(new RegExp(`region=${region.id}`));
    await settled(page);
    assert.equal(params(page).get('doc'), null);
    assert.equal(params(page).get('q'), 'security guarantees');
    const filtered = await api(`api/search?q=security+guarantees&region=${region.id}&limit=10`);
    assert.equal(await summaryTotal(page), filtered.total);
    assert.ok((await hitIds(page)).includes(docId));
    assert.ok(await page.locator(`fieldset[data-facet="region"] input[data-id="${region.id}"]`).isChecked());
    await assert.doesNotReject(page.locator('#active-chips .chip-remove', { hasText: region.label }).waitFor());

    // Back to the document, back to the results.
    await page.goBack();
    await settled(page);
    assert.equal(await page.locator('#doc-title').textContent(), doc.title);
    await page.goBack();
    await settled(page);
    assert.equal(params(page).get('doc'), null);
    assert.ok(await page.locator('#hits li.hit').count() > 0);

    // More like this leaves the document itself out.
    await page.locator(`#hits li.hit[data-id="${docId}"] a.hit-link`).click();
    await settled(page);
    await page.locator('a.more-like').click();
    await page.waitForURL(/like=/);
    await settled(page);
    const like = await api(`api/search?more_like=${encodeURIComponent(docId)}&offset=0&limit=10`);
    assert.deepEqual(await hitIds(page), like.hits.map((h) => h.id).filter((id) => id !== docId));
    await assert.doesNotReject(page.locator('#active-chips .chip-remove', { hasText: doc.title.slice(0, 20) }).waitFor());
  });
});

test('mentions land on the right characters in a Cyrillic document', async () => {
  await withPage(DESKTOP, async (page) => {
    const list = await api('api/search?q=&lang=uk&limit=10');
    assert.ok(list.hits.length > 0, 'a Ukrainian document in the sample');
    const id = list.hits[0].id;
    await visit(page, `?doc=${encodeURIComponent(id)}`);
    const doc = await api(`api/doc/${encodeURIComponent(id)}`);
    assert.ok(doc.mentions.length > 0);
    const marks = await page.locator('#doc-body mark.mention').allTextContents();
    assert.deepEqual(marks, doc.mentions.map((m) => m.text));
    assert.equal(await page.locator('#doc-body').getAttribute('lang'), 'uk');
  });
});

test('a deep URL reproduces the view after a reload', async () => {
  await withPage(DESKTOP, async (page) => {
    const deep = '?party=ua&type=article&sort=date&page=2';
    await visit(page, deep);
    const expected = await api('api/search?q=&party=ua&type=article&sort=date&offset=10&limit=10');
    assert.ok(expected.total > 10, 'a second page exists');
    const check = async () => {
      assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id));
      assert.ok(await page.locator('fieldset[data-facet="party"] input[data-id="ua"]').isChecked());
      assert.ok(await page.locator('fieldset[data-facet="type"] input[data-id="article"]').isChecked());
      assert.equal(await page.locator('#sort').inputValue(), 'date');
      assert.equal(await page.locator('#pager [aria-current="page"]').textContent(), '2');
      assert.equal(await page.locator('#active-chips .chip-remove').count(), 2);
      assert.equal(await page.locator('#hits ol.hits').getAttribute('start'), '11');
    };
    await check();
    await page.reload();
    await settled(page);
    await check();

    // Paging keeps the filters; Back returns to page 2.
    await page.locator('#pager a[rel="prev"]').click();
    await settled(page);
    assert.equal(params(page).get('page'), null);
    assert.deepEqual(params(page).getAll('party'), ['ua']);
    await page.goBack();
    await settled(page);
    await check();

    // A deep link to a passage of a document, then reloaded.
    const id = 'treaties/draft-security-assurances-framework.md';
    const doc = await api(`api/doc/${encodeURIComponent(id)}`);
    const last = doc.sections.length - 1;
    assert.ok(last > 1, 'the treaty has sections');
    await visit(page, `?q=guarantees&doc=${encodeURIComponent(id)}&at=${encodeURIComponent(doc.sections[last].label)}`);
    await page.waitForFunction((sid) => document.activeElement?.id === sid, `sec-${last}`);
    assert.ok(await page.evaluate(() => window.scrollY) > 0, 'scrolled to the passage');
    await page.reload();
    await settled(page);
    assert.equal(await page.locator('#doc-title').textContent(), doc.title);
    assert.equal(await page.title(), `${doc.title} — Accord`);
    assert.equal(params(page).get('q'), 'guarantees');
  });
});

test('a document titled <img src=x onerror=alert(1)> renders inert', async () => {
  await withPage(DESKTOP, async (page) => {
    const requestsBefore = network.requested.length;
    await page.addInitScript(() => { window.alert = (m) => { window.__alerted = String(m); }; });
    await visit(page, '?q=zzxssprobe');
    const hit = page.locator('#hits li.hit').first();
    assert.equal(await page.locator('#hits li.hit').count(), 1);
    assert.equal(await hit.locator('a.hit-link').textContent(), XSS_TITLE);
    assert.equal(await hit.getAttribute('data-id'), XSS_ID);
    assert.equal(await page.locator('#hits img, #hits script, #hits svg, #hits b, #hits i').count(), 0);
    const snippet = await hit.locator('.snippet').textContent();
    assert.match(snippet, /<script>alert\(3\)<\/script>/);
    assert.match(snippet, /<mark>not a/, 'a literal <mark> in the text stays text');
    assert.deepEqual(await hit.locator('.snippet mark').allTextContents(), ['zzxssprobe']);
    assert.equal(await hit.locator('.hit-source').textContent(), '<i>Probe</i> & Co');
    await screenshot(page, 'xss-results-desktop');

    await hit.locator('a.hit-link').click();
    await settled(page);
    assert.equal(params(page).get('doc'), XSS_ID);
    assert.equal(await page.locator('#doc-title').textContent(), XSS_TITLE);
    assert.match(await page.locator('#doc-body').textContent(), /<script>alert\(3\)<\/script> and <b onmouseover=alert\(4\)>bold<\/b>/);
    assert.equal(await page.locator('#document-view img, #document-view script, #document-view b, #document-view i').count(), 0);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0, 'the javascript: URL is not a link');
    assert.equal(await page.title(), `${XSS_TITLE} — Accord`);
    assert.equal(await page.locator('script').count(), 1, 'only the page\'s own module script');
    assert.equal(await page.evaluate(() => window.__alerted ?? null), null);
    const fetched = network.requested.slice(requestsBefore).map((u) => new URL(u).pathname);
    assert.ok(!fetched.includes('/x'), 'the <img src=x> was never loaded');
  });
});

test('keyboard: / focuses the search box, arrows move through results, Enter opens, Escape returns', async () => {
  await withPage(DESKTOP, async (page) => {
    await visit(page, '?q=ceasefire');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.press('ArrowDown');
    const ids = await hitIds(page);
    assert.ok(ids.length >= 2);
    const focusedHit = () => page.evaluate(() => document.activeElement.closest('li.hit')?.dataset.id);
    assert.equal(await focusedHit(), ids[0]);
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedHit(), ids[1]);
    await page.keyboard.press('Enter');
    await page.waitForURL(/doc=/);
    await settled(page);
    await page.waitForFunction(() => document.activeElement?.id === 'doc-title');
    await page.keyboard.press('Escape');
    await settled(page);
    assert.equal(params(page).get('doc'), null);
    await page.waitForFunction((id) => document.activeElement.closest('li.hit')?.dataset.id === id, ids[1]);

    // "?" opens the syntax help; an example runs a search.
    await page.keyboard.press('?');
    await page.locator('#help').waitFor({ state: 'visible' });
    await page.locator('#help button.example', { hasText: '"armed attack"' }).click();
    await settled(page);
    assert.equal(params(page).get('q'), '"armed attack"');
    assert.ok(!(await page.locator('#help').isVisible()));

    // Escape in the search box clears it, and the page browses everything again.
    await page.locator('#q').focus();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await settled(page);
    assert.equal(await page.locator('#q').inputValue(), '');

    // Every control has a visible focus ring: Tab from the search box reaches the buttons.
    await page.locator('#q').focus();
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
  });
});

test('empty, suggestion and error states', async () => {
  await withPage(DESKTOP, async (page, guard) => {
    await visit(page, '?q=qqqxxzzyy');
    await assert.doesNotReject(page.locator('.empty-state', { hasText: 'No documents match' }).waitFor());
    assert.equal(await page.locator('#pager').isVisible(), false);

    const misspelt = await api('api/search?q=secrity+garantees&limit=1');
    assert.ok(misspelt.suggestion, 'the API suggests a spelling');
    await visit(page, '?q=secrity+garantees');
    const suggestion = page.locator('.did-you-mean a');
    assert.equal(await suggestion.textContent(), misspelt.suggestion);
    await suggestion.click();
    await settled(page);
    assert.equal(params(page).get('q'), misspelt.suggestion);
    assert.ok(await summaryTotal(page) > 0);

    guard.allow(/status of (400|404)/);
    await visit(page, '?q=treaty&from=2025-13-01');
    await assert.doesNotReject(page.locator('.error-state[role="alert"]', { hasText: 'invalid_date' }).waitFor());
    await page.locator('#active-chips .chip-remove', { hasText: 'Period' }).click();
    await settled(page);
    assert.ok(await page.locator('#hits li.hit').count() > 0, 'recovers once the bad filter is removed');

    await visit(page, '?doc=no%2Fsuch-document');
    await assert.doesNotReject(page.locator('#document-view .error-state', { hasText: 'Document not found' }).waitFor());
  });
});

test('at phone width the filters sit in a collapsible panel', async () => {
  await withPage(PHONE, async (page) => {
    await visit(page, '?q=security+guarantees');
    const toggle = page.locator('#filters-toggle');
    assert.ok(await toggle.isVisible());
    assert.ok(!(await page.locator('#filters').isVisible()));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling (${width}px)`);
    await screenshot(page, 'results-phone');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('#filters').isVisible());
    await page.locator('fieldset[data-facet="type"] input[data-id="treaty"]').check();
    await settled(page);
    assert.deepEqual(params(page).getAll('type'), ['treaty']);
    assert.match(await toggle.textContent(), /\(1\)/);
    await screenshot(page, 'filters-phone');
    const done = page.locator('#filters-done');
    const { total } = await api('api/search?q=security+guarantees&type=treaty&limit=0');
    assert.ok(total > 0);
    assert.equal(await done.textContent(), `Show ${total} result${total === 1 ? '' : 's'}`);
    await done.click();
    assert.ok(!(await page.locator('#filters').isVisible()), 'the panel closes');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');

    await page.locator('#hits a.hit-link').first().click();
    await settled(page);
    const docWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(docWidth <= 390, `no horizontal scrolling in the document (${docWidth}px)`);
    await screenshot(page, 'document-phone');
  });
});

test('axe-core finds no serious or critical accessibility violations', async () => {
  const views = [
    [DESKTOP, '', 'home'],
    [DESKTOP, '?q=security+guarantees&party=ua', 'results'],
    [DESKTOP, `?doc=${encodeURIComponent('treaties/draft-20-point-framework.md')}&q=security+guarantees`, 'document'],
    [DESKTOP, '?q=qqqxxzzyy', 'empty'],
    [PHONE, '?q=grain', 'phone results'],
    [PHONE, `?doc=${encodeURIComponent('wire-2025-1122-kyiv-plan')}`, 'phone document'],
  ];
  const failures = [];
  await withPage(DESKTOP, async (page) => {
    for (const [viewport, query, name] of views) {
      await page.setViewportSize(viewport);
      await visit(page, query);
      if (name === 'phone results') await page.locator('#filters-toggle').click();
      if (name === 'home') await page.locator('#help-button').click();
      const violations = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      for (const v of violations) failures.push(`${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.join(', ')}`);
      if (name === 'home') await page.keyboard.press('Escape');
    }
  });
  assert.deepEqual(failures, []);
});

test('screenshots at desktop and phone width', async () => {
  await withPage(DESKTOP, async (page) => {
    await visit(page, '?q=security+guarantees');
    await screenshot(page, 'results-desktop');
    await visit(page);
    await screenshot(page, 'home-desktop');
    await page.setViewportSize(PHONE);
    await visit(page, `?doc=${encodeURIComponent('treaties/draft-20-point-framework.md')}`);
    await screenshot(page, 'document-treaty-phone');
  });
  for (const name of ['results-desktop', 'home-desktop', 'document-desktop', 'results-phone', 'filters-phone', 'document-phone']) {
    assert.ok(fs.statSync(path.join(options.artifacts, `${name}.png`)).size > 10_000, `${name}.png saved`);
  }
});
