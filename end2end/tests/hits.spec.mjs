// The hits grid end to end, against the simulator.
import { test, expect } from './fixtures.mjs';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_TOKEN, connect, resetSimulator, scrollAndRender, seededJobs, setFaults, submitJob, wasmBytes } from './helpers.mjs';

const auth = { Authorization: `Bearer ${DEMO_TOKEN}` };

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

async function jobWith(request, hits) {
  return (await seededJobs(request)).find((j) => j.total_hits === hits).request_id;
}

async function openHits(page, id, query = '') {
  await page.goto(`/jobs/${id}${query}`);
  await connect(page);
}

const gridRows = (page) => page.locator('.hits-body [role=row]');
// The grid builds its row slots a few at a time after mounting (aria-busy meanwhile): counts of
// its elements are read once it has them all.
const gridBuilt = (page) => expect(page.getByRole('grid')).not.toHaveAttribute('aria-busy', 'true');
const headers = (page) => page.locator('.hits-head [role=columnheader]').allInnerTexts();
// Every cell of one row ({ text, cls } by column): the grid renders the columns in view, so
// this scrolls across it.
// Columns whose header is in view but whose cell, in a row in view, is missing or empty.
const uncovered = (page) => page.evaluate(() => {
  const view = document.querySelector('.grid-scroll').getBoundingClientRect();
  const head = document.querySelector('.hits-head').getBoundingClientRect();
  const row = [...document.querySelectorAll('.hits-body [role=row]')]
    .find((r) => { const b = r.getBoundingClientRect(); return b.top >= head.bottom - 1 && b.bottom <= view.bottom; });
  if (!row) return ['no row in view'];
  return [...document.querySelectorAll('.hits-head [role=columnheader]')]
    .filter((h) => { const r = h.getBoundingClientRect(); return r.right > view.left + 1 && r.left < view.right - 1; })
    .map((h) => h.getAttribute('aria-colindex'))
    .filter((i) => !row.querySelector(`[aria-colindex="${i}"]`)?.textContent);
});
const rowCells = async (page, rowindex) => {
  const grid = page.locator('.grid-scroll');
  const found = new Map();
  const { width, client } = await grid.evaluate((el) => ({ width: el.scrollWidth, client: el.clientWidth }));
  for (let left = 0; ; left += client / 2) {
    await scrollAndRender(grid, null, left);
    const cells = await page.locator(`.hits-body [role=row][aria-rowindex="${rowindex}"] [role=gridcell]`)
      .evaluateAll((cs) => cs.map((c) => [Number(c.getAttribute('aria-colindex')), { text: c.textContent, cls: c.className }]));
    for (const [i, cell] of cells) found.set(i, cell);
    if (left + client >= width) break;
  }
  await scrollAndRender(grid, null, 0);
  const columns = Number(await grid.getAttribute('aria-colcount'));
  expect([...found.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: columns }, (_, i) => i + 1));
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, cell]) => cell);
};

test('pages through a 100 000-hit job by buttons, jump and keys, with a constant DOM', async ({ page, request }) => {
  const id = await jobWith(request, 100_000);
  await openHits(page, id);
  await expect(page.getByText('Hits 1–1,000 of 100,000')).toBeVisible();
  await gridBuilt(page);
  const domRows = await page.locator('.hits-body [role=row]').count();
  expect(domRows).toBeLessThan(80);
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('Hits 1,001–2,000 of 100,000')).toBeVisible();
  await page.getByRole('link', { name: 'Last page' }).click();
  await expect(page.getByText('Hits 99,001–100,000 of 100,000')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  await page.getByLabel('Go to page').fill('57');
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(page).toHaveURL(/page=57/);
  await expect(page.getByText('Hits 56,001–57,000 of 100,000')).toBeVisible();
  await page.locator('body').press('n');
  await expect(page.getByText('Hits 57,001–58,000 of 100,000')).toBeVisible();
  await page.locator('body').press('p');
  await page.locator('body').press('p');
  await expect(page.getByText('Hits 55,001–56,000 of 100,000')).toBeVisible();
  // Scrolling to the end of a 1000-row page keeps the DOM the same size, and the columns keep
  // their widths whichever rows are in view.
  const widths = () => page.locator('.hits-head [role=columnheader]').evaluateAll((hs) => hs.map((h) => h.getBoundingClientRect().width));
  const before = await widths();
  await page.locator('.grid-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.locator('.hits-body [role=row][aria-rowindex="1001"]')).toBeVisible();
  expect(await page.locator('.hits-body [role=row]').count()).toBeLessThan(80);
  expect(await widths()).toEqual(before);
  const cells = await page.locator('.hits-body [role=row][aria-rowindex="1001"] [role=gridcell]').evaluateAll((cs) => cs.map((c) => [Number(c.getAttribute('aria-colindex')), c.getBoundingClientRect().width]));
  expect(cells.length).toBeGreaterThan(3);
  for (const [index, width] of cells) expect(width).toBe(before[index - 1]);
  // Only the columns in view (and one each side) have cells: the DOM does not grow with the
  // number of fields either.
  expect(cells.length).toBeLessThan(before.length);
  expect(await page.locator('.hits-body .hits-td').count()).toBeLessThan(domRows * before.length * 0.75);
});

test('the page and the field names live in the URL', async ({ page, request }) => {
  const id = await jobWith(request, 12_480);
  await openHits(page, id, '?page=5&view=server');
  await expect(page.getByText('Hits 4,001–5,000 of 12,480')).toBeVisible();
  const server = await headers(page);
  expect(server.join(' ')).toContain('HOSTNAME');
  expect(server.join(' ')).toContain('COMMON_SEVERITY');
  await page.getByLabel('Field names').selectOption('client');
  await expect(page).toHaveURL(/page=5&view=client/);
  await expect(page.locator('.hits-head')).toContainText('Device');
  // The pager's links follow the names chosen.
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=6&view=client/);
  await expect(page.locator('.hits-head')).toContainText('Device');
});

test('the column chooser hides and moves columns, remembered for the log type', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  await expect(page.locator('.hits-head')).toContainText('Device');
  await page.getByRole('checkbox', { name: 'Show column Device' }).uncheck();
  await expect(page.locator('.hits-head')).not.toContainText('Device');
  await page.getByRole('button', { name: 'Move Event ID up' }).click();
  await page.getByRole('button', { name: 'Move Event ID up' }).click();
  const order = (await headers(page)).map((h) => h.replace(/ \(.*\)| [▲▼]/g, ''));
  expect(order.indexOf('Event ID')).toBeLessThan(order.indexOf('Source'));
  await page.reload();
  await connect(page);
  await expect(gridRows(page).first()).toBeVisible();
  await expect(page.locator('.hits-head')).not.toContainText('Device');
  const again = (await headers(page)).map((h) => h.replace(/ \(.*\)| [▲▼]/g, ''));
  expect(again).toEqual(order);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).toContain('joblens.columns.v1.Windows');
  expect(stored).not.toContain(DEMO_TOKEN);
});

test('a field summary shows the top values of the page', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  const body = await (await request.get(`/api/v2/jobs/results?request_id=${id}`, { headers: auth })).json();
  const counts = {};
  for (const h of body.data.hits) counts[h.Severity] = (counts[h.Severity] || 0) + 1;
  const [topValue, topCount] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  await openHits(page, id);
  await page.getByRole('button', { name: 'Top values of Severity' }).click();
  const summary = page.locator('.summary');
  await expect(summary).toContainText(`${Object.keys(counts).length} distinct in 1,000 hits`);
  await expect(summary.locator('li').first()).toContainText(topValue);
  await expect(summary.locator('li').first()).toContainText(topCount.toLocaleString('en-US'));
  // Times read as dates, as in the grid, in the zone chosen; the raw value is the title.
  await page.getByRole('button', { name: 'Top values of Severity' }).click();
  await page.getByRole('button', { name: 'Top values of Time' }).click();
  // Every time is distinct: ties go by text, so the oldest comes first.
  const oldest = body.data.hits.map((h) => Number(h.Time)).sort((a, b) => a - b)[0];
  const first = page.locator('.summary .summary__value').first();
  await expect(first).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  await page.getByLabel('Times in UTC').check();
  await expect(first).toHaveText(new Date(oldest).toISOString().slice(0, 19).replace('T', ' '));
  await expect(first).toHaveAttribute('title', String(oldest));
});

test('row detail shows every field as a table and as JSON', async ({ page, request }) => {
  const id = await jobWith(request, 372);
  const body = await (await request.get(`/api/v2/jobs/results?request_id=${id}`, { headers: auth })).json();
  const first = body.data.hits[0];
  await openHits(page, id);
  await gridRows(page).first().dblclick();
  const dialog = page.getByRole('dialog');
  for (const [k, v] of Object.entries(first)) {
    await expect(dialog.locator('tr', { has: page.locator(`th:text-is("${k}")`) })).toContainText(String(v));
  }
  expect(JSON.parse(await dialog.locator('.detail__json').innerText())).toEqual(first);
  await expect(dialog.getByRole('button', { name: 'Copy JSON' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Copy the value of UUID' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('sort and quick filter work within the page', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  await page.getByLabel('Filter this page').fill('critical');
  await expect(page.locator('.grid-meta')).toContainText('hits on this page match the filter');
  const severities = await page.locator('.hits-body .sev').allInnerTexts();
  expect(severities.length).toBeGreaterThan(0);
  expect(new Set(severities)).toEqual(new Set(['critical']));
  await page.getByLabel('Filter this page').fill('');
  await page.getByRole('button', { name: 'Event ID', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: /Event ID/ })).toHaveAttribute('aria-sort', 'ascending');
  const col = (await headers(page)).findIndex((h) => h.startsWith('Event ID'));
  const ids = await page.locator(`.hits-body [role=row] [aria-colindex="${col + 1}"]`).allInnerTexts();
  const nums = ids.filter((t) => t !== '—').map(Number);
  expect(nums.length).toBeGreaterThan(5);
  expect(nums).toEqual([...nums].sort((a, b) => a - b));
});

test('the keyboard moves between cells, opens a hit and reaches the filter', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  await page.locator('.grid-scroll').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const active = page.locator('[role=gridcell][aria-selected="true"]');
  await expect(active).toHaveCount(1);
  await expect(page.locator('[role=row][aria-rowindex="5"] [role=gridcell][aria-selected="true"]')).toHaveCount(1);
  // End goes to the last column, which scrolls into view (columns out of view have no cells).
  const columns = (await headers(page)).length;
  await page.keyboard.press('End');
  await expect(active).toHaveAttribute('aria-colindex', String(columns));
  await expect(active).toBeInViewport();
  await page.keyboard.press('Home');
  await expect(active).toHaveAttribute('aria-colindex', '1');
  await expect(active).toBeInViewport();
  await page.keyboard.press('PageDown');
  await expect(page.locator('[role=row].row--active')).not.toHaveAttribute('aria-rowindex', '5');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.locator('body').press('/');
  await expect(page.getByLabel('Filter this page')).toBeFocused();
});

test('export of every page as CSV downloads the whole job, correctly quoted', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: 'All 2 pages' }).check();
  await page.getByRole('radio', { name: 'CSV (the columns shown)' }).check();
  await expect(page.getByText('2 pages, one request each.')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Start export' }).click()]);
  expect(download.suggestedFilename()).toBe(`joblens-${id}-pages-1-2.csv`);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  const lines = text.split('\r\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1 + 1958);
  expect(lines[0].split(',')[0]).toBe('Time');
  const api = await (await request.get(`/api/v2/jobs/results?request_id=${id}&page=2`, { headers: auth })).json();
  const lastUuid = api.data.hits.at(-1).UUID;
  expect(lines.at(-1)).toContain(lastUuid);
  await expect(page.locator('.toast', { hasText: `Saved joblens-${id}-pages-1-2.csv` })).toBeVisible();
});

test('export of one page as NDJSON keeps every field as the server sent it', async ({ page, request }) => {
  const id = await jobWith(request, 12_480);
  await openHits(page, id, '?page=4');
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: 'NDJSON (every field)' }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Start export' }).click()]);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  const hits = text.trim().split('\n').map((l) => JSON.parse(l));
  const api = await (await request.get(`/api/v2/jobs/results?request_id=${id}&page=4`, { headers: auth })).json();
  expect(hits).toEqual(api.data.hits);
});

test('a long export says how long it takes, shows progress, and cancels without saving', async ({ page, request }) => {
  const id = await jobWith(request, 100_000);
  await openHits(page, id);
  await setFaults(request, { latency_ms: 400 });
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: 'All 100 pages' }).check();
  await expect(page.getByText('100 pages, one request each: about 2 minutes')).toBeVisible();
  let downloaded = false;
  page.on('download', () => (downloaded = true));
  await page.getByRole('button', { name: 'Start export' }).click();
  await expect(page.getByText(/[1-9]\d* of 100 pages/)).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Cancel export' }).click();
  await expect(page.getByRole('alert')).toContainText('Export cancelled after');
  await expect(page.getByRole('alert')).toContainText('Nothing was saved.');
  expect(downloaded).toBe(false);
});

test('an export that fails names the page and saves nothing', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  await expect(gridRows(page).first()).toBeVisible();
  await setFaults(request, { vanish_rate: 1.0 });
  let downloaded = false;
  page.on('download', () => (downloaded = true));
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: 'All 2 pages' }).check();
  await page.getByRole('button', { name: 'Start export' }).click();
  const alert = page.locator('.export').getByRole('alert');
  await expect(alert).toContainText('Export stopped at page 1; nothing was saved.');
  expect(downloaded).toBe(false);
});

test('a job that is gone says so and offers the way back', async ({ page }) => {
  await openHits(page, 'AZnosuchjob000000000');
  await expect(page.getByRole('heading', { name: 'This job is gone' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the jobs' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('a page past the end, an empty page and a running job each say what they are', async ({ page, request }) => {
  const small = await jobWith(request, 1958);
  await openHits(page, small, '?page=3');
  await expect(page.getByRole('heading', { name: 'Page 3 does not exist' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the last page' }).click();
  await expect(page.getByText('Hits 1,001–1,958 of 1,958')).toBeVisible();

  const empty = await jobWith(request, 0);
  await page.goto(`/jobs/${empty}`);
  await connect(page);
  await expect(page.getByRole('heading', { name: 'No hits on this page' })).toBeVisible();

  const running = (await seededJobs(request)).find((j) => j.stage === 'RUNNING').request_id;
  await page.goto(`/jobs/${running}`);
  await connect(page);
  await expect(page.getByText('The search is still running')).toBeVisible();
});

test('a malformed page is reported and the last good page stays', async ({ page, request }) => {
  const id = await jobWith(request, 12_480);
  await openHits(page, id);
  await expect(page.getByText('Hits 1–1,000 of 12,480')).toBeVisible();
  await setFaults(request, { truncate_rate: 1.0 });
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page.getByRole('alert')).toContainText('not understood');
  await expect(page.getByText('Hits 1–1,000 of 12,480')).toBeVisible();
  await expect(gridRows(page).first()).toBeVisible();
});

for (const colorScheme of ['light', 'dark']) {
  test(`the hits page has no accessibility violations (${colorScheme})`, async ({ browser, request }) => {
    const id = await jobWith(request, 1958);
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await openHits(page, id);
    await expect(gridRows(page).first()).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    await context.close();
  });
}

test('times read in the browser zone or in UTC, as the user chooses', async ({ browser, request }) => {
  const id = await jobWith(request, 372);
  const body = await (await request.get(`/api/v2/jobs/results?request_id=${id}`, { headers: auth })).json();
  const ms = Number(body.data.hits[0].Time);
  const pad = (n) => String(n).padStart(2, '0');
  const fmt = (d) =>
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const context = await browser.newContext({ timezoneId: 'Asia/Kolkata' });
  const page = await context.newPage();
  await openHits(page, id);
  const firstTime = page.locator('.hits-body [role=row]').first().locator('[role=gridcell]').first();
  await expect(page.locator('.hits-head [role=columnheader]').first()).toHaveText(/Time \(UTC\+05:30\)/);
  await expect(firstTime).toHaveText(fmt(new Date(ms + 330 * 60_000)));
  await page.getByRole('checkbox', { name: 'Times in UTC' }).check();
  await expect(page.locator('.hits-head [role=columnheader]').first()).toHaveText(/Time \(UTC\)/);
  await expect(firstTime).toHaveText(fmt(new Date(ms)));
  await context.close();
});

test('hostile and odd values are only ever text: HTML stays inert, long values are cut, null differs from missing', async ({ page, request }) => {
  const id = await jobWith(request, 372);
  const long = 'A'.repeat(1_000_000) + 'END';
  await page.route('**/api/v2/jobs/results*', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.data.hits[0] = {
      Time: body.data.hits[0].Time,
      Severity: '<img src=x onerror="window.__pwned=1">',
      Device: long,
      Count: 12345,
      Nothing: null,
      Nested: { a: [1, { b: 'javascript:alert(1)' }], c: null },
      Huge: 123456789012345678901234567890,
      '': 'empty key',
      'Device ': 'trailing space',
      device: 'lower case',
      Rtl: '\u202Egnp.exe',
      Zero: 'a\u200Bb',
      Lone: 'x\ud800y',
    };
    await route.fulfill({ response, json: body });
  });
  await openHits(page, id);
  const row = page.locator('.hits-body [role=row]').first();
  await expect(row).toContainText('<img src=x onerror="window.__pwned=1">');
  expect(await page.locator('.hits img').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  const all = await rowCells(page, 2);
  const cells = all.map((c) => c.text);
  const deviceCell = cells.find((c) => c.startsWith('AAAA'));
  expect(deviceCell.length).toBeLessThan(400);
  expect(deviceCell.endsWith('…')).toBe(true);
  // The cell cut to its width keeps the longer text in its title.
  const deviceTitle = await row.locator('[role=gridcell]', { hasText: /^AAAA/ }).getAttribute('title');
  expect(deviceTitle.startsWith('AAAA')).toBe(true);
  expect(deviceTitle.length).toBeGreaterThan(deviceCell.length);
  expect(all.find((c) => c.text === '12345').cls).toContain('num');
  expect(all.find((c) => c.text === 'null').cls).toContain('cell--null');
  expect(all.find((c) => c.text === '—').cls).toContain('cell--missing');
  expect(cells).toContain('{"a":[1,{"b":"javascript:alert(1)"}],"c":null}');
  expect(cells).toContain('x\uFFFDy');
  expect(cells).toContain('empty key');
  expect(cells).toContain('trailing space');
  expect(cells).toContain('lower case');
  expect(cells.some((c) => c.startsWith('1.2345678901234568e'))).toBe(true);
  expect(await page.locator('.hits a').count()).toBe(0);
  await row.dblclick();
  // The detail shows a huge value cut, says how long it is, and copies it whole.
  await expect(page.getByRole('dialog').locator('.detail__value', { hasText: '1,000,003 characters in all' })).toBeVisible();
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Copy the value of Device', exact: true }).first()).toBeVisible();
});

test('a click picks the cell under the pointer, and Enter on a sort button sorts instead of opening a hit', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  const third = page.locator('.hits-body [role=row][aria-rowindex="4"] [aria-colindex="3"]');
  await third.click();
  await expect(third).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role=gridcell][aria-selected="true"]')).toHaveCount(1);
  await page.locator('.hits-body [role=row][aria-rowindex="4"]').dblclick();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  const button = page.getByRole('button', { name: /^Event ID/ });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: /Event ID/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('dialog')).toBeHidden();
});

test('re-reading times in UTC and back does not grow the wasm memory', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  const utc = page.getByLabel('Times in UTC');
  const bytes = () => wasmBytes(page);
  await utc.click();
  await utc.click();
  const before = await bytes();
  // Each toggle redraws every time cell and the header's zone; 200 of them once grew the
  // memory by about 1 MB (the header's items were rebuilt and never given back).
  for (let i = 0; i < 200; i++) await utc.evaluate((el) => el.click());
  await expect(page.locator('.hits-head [role=columnheader]').first()).toHaveText(/Time \(/);
  expect(await bytes()).toBeLessThanOrEqual(before + 64 * 1024);
});

test('scrolling a page up and down reuses its rows: the DOM and the wasm memory stay the same size', async ({ page, request }) => {
  const id = await jobWith(request, 100_000);
  await openHits(page, id);
  const grid = page.locator('.grid-scroll');
  const bytes = () => wasmBytes(page);
  const jump = (top) => scrollAndRender(grid, top);
  await jump(20_000);
  await jump(0);
  await gridBuilt(page);
  const before = await bytes();
  // Row slots: at the top some are unused (hidden, no role); the set of elements stays.
  const rows = await page.locator('.hits-body .hits-row').count();
  const cells = await page.locator('.hits-body .hits-td').count();
  // Each jump replaces every row in view; 100 of them once kept about 1.2 MB.
  for (let i = 0; i < 100; i++) await jump(i % 2 ? 0 : 20_000);
  await jump(20_000);
  const first = Math.floor(20_000 / 30);
  await expect(page.locator(`.hits-body [role=row][aria-rowindex="${first + 2}"]`)).toBeVisible();
  await expect(page.locator(`.hits-body [role=row][aria-rowindex="${first + 2}"] [role=gridcell]`).first()).not.toBeEmpty();
  expect(await page.locator('.hits-body .hits-row').count()).toBe(rows);
  expect(await page.locator('.hits-body .hits-td').count()).toBe(cells);
  expect(await bytes()).toBeLessThanOrEqual(before + 64 * 1024);
  // Sideways, and a filter that empties the grid and fills it again: cells are written, not
  // built and dropped.
  const filter = page.getByLabel('Filter this page');
  const across = await grid.evaluate((el) => el.scrollWidth - el.clientWidth);
  const settled = await bytes();
  for (let i = 0; i < 30; i++) await scrollAndRender(grid, null, i % 2 ? 0 : across);
  for (let i = 0; i < 10; i++) {
    await filter.fill('no hit has this');
    await expect(page.locator('.hits-body [role=row]')).toHaveCount(0);
    await filter.fill('');
    await expect(page.locator('.hits-body [role=row][aria-rowindex="2"]')).toHaveCount(1);
  }
  await scrollAndRender(grid, 0, 0);
  expect(await uncovered(page)).toEqual([]);
  expect(await page.locator('.hits-body .hits-row').count()).toBe(rows);
  expect(await page.locator('.hits-body .hits-td').count()).toBe(cells);
  expect(await bytes()).toBeLessThanOrEqual(settled + 64 * 1024);
});

test('hiding the field list widens the grid, and the columns that come into view have cells', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  await gridBuilt(page);
  const grid = page.locator('.grid-scroll');
  const narrow = await grid.evaluate((el) => el.clientWidth);
  expect(await uncovered(page)).toEqual([]);
  await page.getByLabel('Field list').uncheck();
  await expect.poll(() => grid.evaluate((el) => el.clientWidth)).toBeGreaterThan(narrow + 100);
  await expect.poll(() => uncovered(page)).toEqual([]);
  await page.getByLabel('Field list').check();
  await expect.poll(() => grid.evaluate((el) => el.clientWidth)).toBe(narrow);
  await scrollAndRender(grid, null, 10_000);
  await expect.poll(() => uncovered(page)).toEqual([]);
});

test('cells that do not clip hold text that fits them, cut with an ellipsis where it is longer', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await page.route('**/api/v2/jobs/results*', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    // Wide capitals, many narrow characters, text the grid cannot measure (clipped instead).
    body.data.hits[0].Device = 'W'.repeat(80);
    body.data.hits[1].Device = 'MWMWMW-' + 'i'.repeat(50);
    body.data.hits[2].Device = '日本語のホスト名と説明'.repeat(4);
    await route.fulfill({ response, json: body });
  });
  await openHits(page, id);
  await gridBuilt(page);
  const grid = page.locator('.grid-scroll');
  const maxLeft = await grid.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(maxLeft).toBeGreaterThan(0);
  for (const top of [0, 9_000, 29_000]) {
    for (const left of [0, Math.round(maxLeft / 2), maxLeft]) {
      await scrollAndRender(grid, top, left);
      // Each cell's text (its range's box) against the cell's content box, either side: a
      // right-aligned number spills to the left.
      const cells = await page.locator('.hits-body [role=row] [role=gridcell]').evaluateAll((cs) => cs.map((c) => {
        const range = document.createRange();
        range.selectNodeContents(c);
        const text = range.getBoundingClientRect();
        const box = c.getBoundingClientRect();
        const pad = parseFloat(getComputedStyle(c).paddingLeft);
        return {
          text: c.textContent,
          clip: c.classList.contains('cell--clip'),
          spill: Math.max(box.left + pad - text.left, text.right - (box.right - pad)),
        };
      }));
      expect(cells.length).toBeGreaterThan(100);
      const spilling = cells.filter((c) => !c.clip && c.text && c.spill > 1);
      expect(spilling).toEqual([]);
      // Most cells need no clip of their own.
      expect(cells.filter((c) => c.clip).length).toBeLessThan(cells.length / 4);
      expect(await uncovered(page)).toEqual([]);
    }
  }
  await scrollAndRender(grid, 0, 0);
  const device = (await headers(page)).findIndex((h) => h.startsWith('Device'));
  const texts = await page.locator(`.hits-body [role=row] [aria-colindex="${device + 1}"]`).allTextContents();
  expect(texts.find((t) => t.startsWith('WWW'))).toMatch(/^W+…$/);
  // 57 characters, but narrow ones: the width, not the count, decides, and it fits whole.
  expect(texts).toContain('MWMWMW-' + 'i'.repeat(50));
  const wide = page.locator('.hits-body [role=gridcell]', { hasText: /^日本語/ });
  await expect(wide).toHaveClass(/cell--clip/);
});

test('after scrolling both ways, assistive technology reads rows and cells in order', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await openHits(page, id);
  const grid = page.locator('.grid-scroll');
  // Far enough that row and column slots have been reused (their document order rotated).
  await scrollAndRender(grid, 12_345, 1_500);
  await scrollAndRender(grid, 12_345 + 300, 1_500 + 250);
  // Chromium's own accessibility tree, as a screen reader gets it.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const children = (n, role) => (n.childIds || []).map((c) => byId.get(c)).filter((c) => c?.role?.value === role);
  const attribute = async (n, name) => {
    const { node } = await cdp.send('DOM.describeNode', { backendNodeId: n.backendDOMNodeId });
    const at = node.attributes.indexOf(name);
    return at < 0 ? null : Number(node.attributes[at + 1]);
  };
  const body = nodes.find((n) => n.role?.value === 'rowgroup' && children(n, 'row').some((r) => children(r, 'gridcell').length));
  const rows = children(body, 'row');
  expect(rows.length).toBeGreaterThan(20);
  const rowIndexes = [];
  for (const row of rows) rowIndexes.push(await attribute(row, 'aria-rowindex'));
  expect(rowIndexes).toEqual([...rowIndexes].sort((a, b) => a - b));
  expect(rowIndexes[0]).toBeGreaterThan(300);
  for (const row of rows.slice(0, 5)) {
    const cols = [];
    for (const cell of children(row, 'gridcell')) cols.push(await attribute(cell, 'aria-colindex'));
    expect(cols.length).toBeGreaterThan(5);
    // Consecutive columns, in order, none of them the first (the view is scrolled sideways).
    expect(cols).toEqual(cols.map((_, i) => cols[0] + i));
    expect(cols[0]).toBeGreaterThan(1);
  }
});

test("a running job's page grows in place: the scroll position and the active cell stay, and it says how many hits arrived", async ({ page, request }) => {
  const id = await submitJob(request, { total_hits: 2000, run_ms: 600_000 });
  const advance = async (ms) => expect((await request.post('/__sim/clock', { data: { advance_ms: ms } })).ok()).toBe(true);
  await advance(180_000);
  await openHits(page, id);
  const range = page.getByText(/^Hits 1–[\d,]+ of/);
  const shown = async () => Number((await range.innerText()).match(/^Hits 1–([\d,]+)/)[1].replace(/,/g, ''));
  await expect(range).toBeVisible();
  const before = await shown();
  expect(before).toBeGreaterThan(300);
  expect(before).toBeLessThan(1000);
  const grid = page.locator('.grid-scroll');
  await scrollAndRender(grid, 3000);
  const cell = page.locator('.hits-body [role=row][aria-rowindex="110"] [aria-colindex="2"]');
  await cell.click();
  await expect(cell).toHaveAttribute('aria-selected', 'true');
  // The app asks for the job every 5 s; the next answer has more hits, and the page is loaded
  // again.
  await advance(60_000);
  await expect(page.locator('.grid-meta')).toContainText('new hits arrived', { timeout: 15_000 });
  const after = await shown();
  expect(after).toBeGreaterThan(before);
  await expect(page.locator('.grid-meta')).toContainText(`${after - before} new hits arrived while you were here.`);
  expect(await grid.evaluate((el) => el.scrollTop)).toBe(3000);
  await expect(cell).toHaveAttribute('aria-selected', 'true');
  // Another page, or a sort, is a new view: back to the top, no active cell.
  await page.getByRole('button', { name: /^Severity/ }).click();
  await expect(page.getByRole('columnheader', { name: /Severity/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => grid.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(page.locator('[role=gridcell][aria-selected="true"]')).toHaveCount(0);
});
