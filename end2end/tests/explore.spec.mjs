// Exploring a whole job end to end: every page loaded into the explore worker through the
// request budget, then filtered, counted, charted, sorted and exported without a request.
import { test, expect } from './fixtures.mjs';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_TOKEN, connect, resetSimulator, seededJobs, submitJob } from './helpers.mjs';

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

async function jobWith(request, hits) {
  return (await seededJobs(request)).find((j) => j.total_hits === hits).request_id;
}

/** Counts the results requests of each page the page sends; `hold(n)` keeps page n's
 * answer back until the returned function is called. */
async function watchPages(page) {
  const asked = new Map();
  const held = new Map();
  const failing = new Set();
  await page.route('**/api/v2/jobs/results?*', async (route) => {
    const n = Number(new URL(route.request().url()).searchParams.get('page'));
    asked.set(n, (asked.get(n) ?? 0) + 1);
    if (failing.has(n)) {
      await route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":500,"message":"injected"}}' });
      return;
    }
    const gate = held.get(n);
    if (gate) await gate.promise;
    await route.continue().catch(() => {});
  });
  return {
    asked,
    hold(n) {
      let release;
      const promise = new Promise((r) => { release = r; });
      held.set(n, { promise });
      return () => { held.delete(n); release(); };
    },
    fail: (n) => failing.add(n),
    heal: (n) => failing.delete(n),
  };
}

async function openExplorer(page, id, query = '') {
  await page.goto(`/jobs/${id}/explore?view=client${query}`);
  await connect(page);
  await expect(page.getByRole('button', { name: /^Explore all/ })).toBeVisible();
}

const progressLine = (page) => page.locator('.explore-progress__line');
const statusLine = (page) => page.locator('.explore-progress__status');
const matchCount = (page) => page.locator('.chips__count');
const loadedAll = (page) => expect(statusLine(page)).toContainText('Every hit is loaded');

test('loads every page once through the budget, then answers without another request', async ({ page, request }) => {
  const id = await jobWith(request, 12_480);
  const pages = await watchPages(page);
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await openExplorer(page, id);
  // The offer says up front what it costs.
  await expect(page.getByRole('button', { name: 'Explore all 12,480 hits (13 pages, about 16 s)' })).toBeVisible();
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await loadedAll(page);
  await expect(progressLine(page)).toHaveText('12,480 of 12,480 hits');
  await expect(page.getByRole('progressbar', { name: 'Hits loaded' })).toHaveAttribute('value', '100');
  expect([...pages.asked.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  expect([...pages.asked.values()].every((n) => n === 1)).toBe(true);
  expect(workers).toEqual([expect.stringMatching(/\/joblens-explore_loader\.js$/)]);
  await expect(matchCount(page)).toHaveText('All 12,480 hits');
  // The memory line: compact, under 100 bytes a hit.
  const perHit = Number((await page.locator('.explore-progress__store').innerText()).match(/\((\d+) B a hit\)/)[1]);
  expect(perHit).toBeGreaterThan(10);
  expect(perHit).toBeLessThanOrEqual(100);

  // From here on, nothing goes to the server.
  const before = new Map(pages.asked);
  const apiCalls = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) apiCalls.push(r.url()); });
  await page.getByRole('button', { name: 'Top values of Device' }).click();
  const device = page.locator('.facet').filter({ hasText: 'Device' }).first();
  const firstValue = (await device.locator('.facet__text').first().innerText()).trim();
  const firstCount = Number((await device.locator('.facet__count').first().innerText()).split(' ')[0].replace(/,/g, ''));
  await device.getByRole('button', { name: `Only Device = ${firstValue}` }).click();
  await expect(page.locator('.chip')).toHaveText([`Device = ${firstValue}×`]);
  await expect(matchCount(page)).toHaveText(`${firstCount.toLocaleString('en-US')} of 12,480 hits match`);
  await expect(page).toHaveURL(/[?&]f=Device%3A/);
  // Every row shown has that device; the pager pages through the matches.
  const deviceColumn = await page.locator('.hits-head [role=columnheader]').allInnerTexts();
  const col = deviceColumn.findIndex((h) => h.startsWith('Device')) + 1;
  const cells = () => page.locator(`.hits-body [role=row] [aria-colindex="${col}"]`).allInnerTexts();
  await expect.poll(async () => [...new Set(await cells())]).toEqual([firstValue]);
  expect((await cells()).length).toBeGreaterThan(5);
  // ≠ on another field, then the chip removed.
  const severity = page.locator('.facet').filter({ hasText: 'Severity' }).first();
  const sevValue = (await severity.locator('.facet__text').first().innerText()).trim();
  await severity.getByRole('button', { name: `Without Severity = ${sevValue}` }).click();
  await expect(page.locator('.chip--not')).toHaveText([`Severity ≠ ${sevValue}×`]);
  const narrowed = Number((await matchCount(page).innerText()).split(' ')[0].replace(/,/g, ''));
  expect(narrowed).toBeLessThan(firstCount);
  await page.getByRole('button', { name: `Remove the filter Severity ≠ ${sevValue}` }).click();
  await expect(matchCount(page)).toHaveText(`${firstCount.toLocaleString('en-US')} of 12,480 hits match`);
  // The quick filter covers every hit.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByPlaceholder('any field…').fill('deny');
  await expect(matchCount(page)).toContainText('of 12,480 hits match');
  await expect(page).toHaveURL(/q=deny/);
  expect(apiCalls).toEqual([]);
  expect(pages.asked).toEqual(before);
});

test('sorts every hit by a column, numbers as numbers, and the URL keeps it', async ({ page, request }) => {
  const id = await jobWith(request, 1_958);
  await openExplorer(page, id);
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await loadedAll(page);
  await page.getByRole('checkbox', { name: 'Field summary' }).uncheck();
  await page.getByRole('button', { name: 'Event ID', exact: true }).click();
  await expect(page).toHaveURL(/sort=Event%20ID&dir=asc/);
  const header = page.getByRole('columnheader', { name: /Event ID/ });
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const col = await header.getAttribute('aria-colindex');
  const column = async () => (await page.locator(`.hits-body [role=row] [aria-colindex="${col}"]`).allInnerTexts())
    .filter((t) => t !== '—').map(Number);
  await expect.poll(async () => { const c = await column(); return c.length > 5 && c.every((v, i) => i === 0 || c[i - 1] <= v); }).toBe(true);
  const first = await column();
  // The smallest event id of every hit comes first, not of one page.
  const all = [];
  for (const p of [1, 2]) {
    const res = await page.request.get(`/api/v2/jobs/results?request_id=${id}&page=${p}&response_type=client`, { headers: { Authorization: `Bearer ${DEMO_TOKEN}` } });
    all.push(...(await res.json()).data.hits.map((h) => Number(h['Event ID'])).filter((n) => !Number.isNaN(n)));
  }
  expect(first[0]).toBe(Math.min(...all));
});

test('pause holds the next page, stop abandons it, resume fetches only what is missing', async ({ page, request }) => {
  const id = await jobWith(request, 12_480);
  const pages = await watchPages(page);
  const release3 = pages.hold(3);
  await openExplorer(page, id);
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await expect(progressLine(page)).toContainText('2,000 of 12,480 hits');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(statusLine(page)).toHaveText('Paused');
  release3();
  await expect(progressLine(page)).toContainText('3,000 of 12,480 hits');
  // Page 3's answer came back while paused, and no page 4 was asked for after it.
  expect(pages.asked.get(4)).toBeUndefined();
  // What is loaded is usable meanwhile.
  await expect(matchCount(page)).toHaveText('All 3,000 hits');

  const release5 = pages.hold(5);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(progressLine(page)).toContainText('4,000 of 12,480 hits');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(statusLine(page)).toHaveText('Stopped: questions cover the hits loaded');
  release5();
  await expect(matchCount(page)).toHaveText('All 4,000 hits');
  await page.getByRole('button', { name: 'Resume' }).click();
  await loadedAll(page);
  for (const [n, times] of pages.asked) expect(times, `page ${n}`).toBe(n === 5 ? 2 : 1);
});

test('the field summary counts in place while pages arrive: its controls stay, and so does the focus', async ({ page, request }) => {
  const id = await jobWith(request, 12_480);
  const pages = await watchPages(page);
  const release3 = pages.hold(3);
  await openExplorer(page, id);
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await expect(matchCount(page)).toHaveText('All 2,000 hits');
  // Paused, page 3's answer is the only one to come.
  await page.getByRole('button', { name: 'Pause' }).click();
  const summary = page.getByRole('complementary', { name: 'Field summary' });
  const device = summary.getByRole('checkbox', { name: 'Device', exact: true });
  const severity = summary.locator('.facet__value').first().locator('.facet__count');
  const before = await severity.innerText();
  await device.focus();
  await device.evaluate((el) => { el.dataset.kept = 'yes'; });
  release3();
  await expect(matchCount(page)).toHaveText('All 3,000 hits');
  await expect(severity).not.toHaveText(before);
  await expect(device).toBeFocused();
  await expect(device).toHaveAttribute('data-kept', 'yes');
});

test('a page that keeps failing is named, the rest stays usable, and it can be retried', async ({ page, request }) => {
  test.setTimeout(60_000);
  const id = await jobWith(request, 1_958);
  const pages = await watchPages(page);
  pages.fail(2);
  await openExplorer(page, id);
  await page.getByRole('button', { name: /^Explore all/ }).click();
  const failed = page.locator('.explore-progress__failed');
  await expect(failed).toContainText('1 page could not be loaded', { timeout: 30_000 });
  await expect(failed).toContainText('Page 2:');
  await expect(statusLine(page)).toContainText('could not be');
  await expect(matchCount(page)).toHaveText('All 1,000 hits');
  // Retried with back-off: the client's tries and the loader's own round.
  expect(pages.asked.get(2)).toBeGreaterThan(2);
  pages.heal(2);
  await page.getByRole('button', { name: 'Retry failed pages' }).click();
  await loadedAll(page);
  await expect(matchCount(page)).toHaveText('All 1,958 hits');
  await expect(failed).toHaveCount(0);
});

test('the histogram zooms by keyboard and by drag, describes itself, and Escape clears it', async ({ page, request }) => {
  const id = await jobWith(request, 12_480);
  await openExplorer(page, id);
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await loadedAll(page);
  const chart = page.getByRole('slider', { name: /Time range/ });
  // The answer that counts the last page (asked again at most every half second as pages arrive).
  await expect(matchCount(page)).toHaveText('All 12,480 hits');
  await expect(page.locator('.histo__caption')).toContainText('a bar');
  // The data behind the chart, for screen readers: one line per bar with hits.
  const lines = await page.locator('ul[aria-label="Hits over time, bar by bar"] li').allInnerTexts();
  expect(lines.length).toBeGreaterThan(5);
  const sum = lines.map((l) => Number(l.match(/: ([\d,]+) hits?/)[1].replace(/,/g, ''))).reduce((a, b) => a + b, 0);
  expect(sum).toBe(12_480);
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(chart).toHaveAttribute('aria-valuetext', /hits/);
  await page.keyboard.press('Shift+ArrowRight');
  const chosen = await chart.getAttribute('aria-valuetext');
  await page.keyboard.press('Enter');
  await expect(page.locator('.chip--time')).toContainText('Time ');
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  const zoomed = Number((await matchCount(page).innerText()).split(' ')[0].replace(/,/g, ''));
  expect(zoomed).toBeGreaterThan(0);
  expect(zoomed).toBeLessThan(12_480);
  expect(chosen).toMatch(/^\d{4}-\d\d-\d\d /);
  await chart.focus();
  await page.keyboard.press('Escape');
  await expect(page.locator('.chip--time')).toHaveCount(0);
  await expect(matchCount(page)).toHaveText('All 12,480 hits');
  // A drag across a third of the chart sets a range that holds fewer hits.
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(page.locator('.chip--time')).toBeVisible();
  const dragged = Number((await matchCount(page).innerText()).split(' ')[0].replace(/,/g, ''));
  expect(dragged).toBeGreaterThan(zoomed);
  expect(dragged).toBeLessThan(12_480);
});

test('exports what matches from the store, without fetching again', async ({ page, request }) => {
  const id = await jobWith(request, 1_958);
  await openExplorer(page, id, '&f=LogType%3AWindows');
  await expect(page.getByText('The filters in this link apply once the hits are loaded.')).toBeVisible();
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await loadedAll(page);
  await expect(matchCount(page)).toHaveText(/^[\d,]+ of 1,958 hits match$/);
  const matched = Number((await matchCount(page).innerText()).split(' ')[0].replace(/,/g, ''));
  expect(matched).toBeGreaterThan(0);
  const apiCalls = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) apiCalls.push(r.url()); });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`joblens-${id}-matches.csv`);
  const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  expect(csv.length).toBe(matched + 1);
  await expect(page.getByText(`as joblens-${id}-matches.csv`)).toBeVisible();
  await page.getByLabel('Export matches as').selectOption('ndjson');
  const [nd] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const lines = readFileSync(await nd.path(), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(lines.length).toBe(matched);
  expect(lines.every((h) => h.LogType === 'Windows')).toBe(true);
  expect(apiCalls).toEqual([]);
});

test('leaving the job or pressing Forget terminates the worker and frees its hits', async ({ page, request }) => {
  const id = await jobWith(request, 1_958);
  let closed = 0;
  page.on('worker', (w) => w.on('close', () => { closed += 1; }));
  await openExplorer(page, id);
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await loadedAll(page);
  // The hits page of the same job keeps it (and says how much is loaded)...
  await page.getByRole('link', { name: id }).click();
  await expect(page.getByRole('link', { name: 'Explore (1,958 loaded)' })).toBeVisible();
  expect(closed).toBe(0);
  await page.getByRole('link', { name: 'Explore (1,958 loaded)' }).click();
  await expect(matchCount(page)).toHaveText('All 1,958 hits');
  // ...another place does not.
  await page.locator('.crumbs').getByRole('link', { name: 'Jobs' }).click();
  await expect.poll(() => closed).toBe(1);
  await page.goBack();
  await expect(page.getByRole('button', { name: /^Explore all/ })).toBeVisible();
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await loadedAll(page);
  await page.getByRole('button', { name: 'Forget' }).click();
  await expect.poll(() => closed).toBe(2);
  await expect(page.getByRole('button', { name: /^Explore all/ })).toBeVisible();
});

test('the limit from config.json stops loading with a clear message', async ({ page, request }) => {
  await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ max_explore_hits: 3000 }) }));
  const id = await jobWith(request, 12_480);
  await openExplorer(page, id);
  await expect(page.getByText('At most 3,000 hits are loaded')).toBeVisible();
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await expect(statusLine(page)).toHaveText('Stopped at the limit of 3,000 hits (config.json max_explore_hits): questions cover the hits loaded');
  await expect(matchCount(page)).toHaveText('All 3,000 hits');
});

test("a running job's new hits are added as it finds them", async ({ page, request }) => {
  test.setTimeout(60_000);
  const id = await submitJob(request, { total_hits: 2_500, run_ms: 100_000, mix: 'firewall' });
  await request.post('/__sim/clock', { data: { advance_ms: 20_000 } });
  await openExplorer(page, id);
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await expect(statusLine(page)).toContainText('new hits are added as the job finds them');
  const first = Number((await progressLine(page).innerText()).split(' ')[0].replace(/,/g, ''));
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThan(2_500);
  await request.post('/__sim/clock', { data: { advance_ms: 100_000 } });
  await loadedAll(page);
  await expect(progressLine(page)).toHaveText('2,500 of 2,500 hits');
  await expect(matchCount(page)).toHaveText('All 2,500 hits');
});

for (const colorScheme of ['light', 'dark']) {
  test(`the explorer has no accessibility violations (${colorScheme})`, async ({ browser, request }) => {
    const id = await jobWith(request, 1_958);
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await openExplorer(page, id, '&nf=Severity%3Ainformation');
    await page.getByRole('button', { name: /^Explore all/ }).click();
    await loadedAll(page);
    await expect(page.locator('.histo__chart rect').first()).toBeAttached();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    await context.close();
  });
}
