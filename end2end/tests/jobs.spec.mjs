// The live job table end to end, against the simulator.
import { test, expect } from './fixtures.mjs';
import AxeBuilder from '@axe-core/playwright';
import {
  READ_ONLY_TOKEN,
  openJobs,
  resetSimulator,
  row,
  scrollAndRender,
  seededJobs,
  setFaults,
  setTabHidden,
  simStats,
  submitJob,
  wasmBytes,
} from './helpers.mjs';

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test('a running job progresses and finishes on screen, and a toast says so', async ({ page, request }) => {
  await openJobs(page);
  const id = await submitJob(request, { total_hits: 3000, run_ms: 6000, mix: 'firewall' });
  const r = row(page, id);
  await expect(r.locator('.stage-badge')).toHaveText('Running', { timeout: 15_000 });
  await expect(r.locator('progress')).toBeVisible();
  await expect(r.locator('.stage-badge')).toHaveText('Success', { timeout: 20_000 });
  await expect(r.locator('.progress__text')).toHaveText('3,000 / 3,000');
  const toast = page.locator('.toast', { hasText: `Job ${id} finished with 3,000 hits.` });
  await expect(toast).toBeVisible();
  await toast.getByRole('link', { name: 'View hits' }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${id}$`));
});

test('a stage the client does not know is shown neutral with its raw name', async ({ page, request }) => {
  await setFaults(request, { unknown_stage: true });
  await openJobs(page);
  const queued = page.locator('.stage-badge--unknown', { hasText: 'QUEUED' });
  await expect(queued.first()).toBeVisible();
  await expect(page.locator('.stage-badge--running')).toHaveCount(0);
});

test('delete asks first, naming the job and its hits, then the row goes', async ({ page, request }) => {
  const jobs = await seededJobs(request);
  const id = jobs.find((j) => j.stage === 'FAILED').request_id;
  await openJobs(page);
  await page.getByRole('button', { name: `Delete job ${id}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Delete job ${id}?`);
  await expect(dialog).toContainText('all its hits are deleted');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row(page, id)).toBeVisible();

  await page.getByRole('button', { name: `Delete job ${id}` }).click();
  await dialog.getByRole('button', { name: 'Delete job' }).click();
  await expect(row(page, id)).toHaveCount(0);
  await expect(page.locator('.toast', { hasText: `Deleted job ${id}` })).toBeVisible();
  expect((await seededJobs(request)).map((j) => j.request_id)).not.toContain(id);
});

test('a refused delete brings the row back with the server reason', async ({ page, request }) => {
  const jobs = await seededJobs(request);
  const id = jobs[0].request_id;
  await openJobs(page, READ_ONLY_TOKEN);
  await page.getByRole('button', { name: `Delete job ${id}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete job' }).click();
  const toast = page.locator('.toast--error', { hasText: `Job ${id} was not deleted.` });
  await expect(toast).toContainText('lacks the needed scope');
  await expect(toast).toContainText('jobs.DELETE');
  await expect(row(page, id)).toBeVisible();
});

test('a job already gone counts as deleted', async ({ page, request }) => {
  const jobs = await seededJobs(request);
  const gone = jobs.find((j) => j.stage === 'SUCCESS');
  const id = gone.request_id;
  // The page keeps listing the job after the server deleted it (a list from before the
  // delete): every refresh is answered with it put back.
  const list = (url) => url.pathname === '/api/v2/jobs' && !url.searchParams.has('request_id');
  await page.route(list, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    const requests = body.data.jobs.requests;
    if (!requests.some((j) => j.request_id === id)) requests.push(gone);
    await route.fulfill({ response, json: body });
  });
  await openJobs(page);
  await page.getByRole('checkbox', { name: 'Auto-refresh' }).uncheck();
  const res = await request.delete(`/api/v2/jobs?request_id=${id}`, {
    headers: { Authorization: 'Bearer joblens-demo-token' },
  });
  expect(res.ok()).toBeTruthy();
  await page.getByRole('button', { name: `Delete job ${id}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete job' }).click();
  await expect(row(page, id)).toHaveCount(0);
  await expect(page.locator('.toast--success', { hasText: `Deleted job ${id}` })).toBeVisible();
});

test('bulk delete: a shift-click range, one request at a time, with progress', async ({ page, request }) => {
  await openJobs(page);
  const ids = await page.locator('table.jobs tbody tr[data-request-id]').evaluateAll((rows) => rows.map((r) => r.dataset.requestId));
  await page.getByRole('checkbox', { name: `Select job ${ids[2]}` }).click();
  await page.getByRole('checkbox', { name: `Select job ${ids[5]}` }).click({ modifiers: ['Shift'] });
  await expect(page.getByRole('button', { name: 'Delete selected (4)' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete selected (4)' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Delete 4 jobs?');
  await dialog.getByRole('button', { name: 'Delete 4 jobs' }).click();
  await expect(page.locator('.toast--success', { hasText: 'Deleted 4 of 4 jobs.' })).toBeVisible();
  for (const id of ids.slice(2, 6)) await expect(row(page, id)).toHaveCount(0);
  await expect(row(page, ids[1])).toBeVisible();
  await expect(row(page, ids[6])).toBeVisible();
  const left = (await seededJobs(request)).map((j) => j.request_id);
  expect(left).toHaveLength(ids.length - 4);
});

test('bulk delete can be stopped midway and says what was not attempted', async ({ page, request }) => {
  await openJobs(page);
  await setFaults(request, { latency_ms: 700 });
  await page.getByRole('checkbox', { name: 'Select all jobs shown' }).check();
  const n = await page.locator('table.jobs tbody tr[data-request-id]').count();
  await page.getByRole('button', { name: `Delete selected (${n})` }).click();
  await page.getByRole('dialog').getByRole('button', { name: `Delete ${n} jobs` }).click();
  const bulk = page.locator('.bulk');
  await expect(bulk).toContainText(`of ${n} jobs`);
  await expect(bulk.getByRole('progressbar')).toBeVisible();
  await bulk.getByRole('button', { name: 'Stop' }).click();
  const toast = page.locator('.toast', { hasText: 'Stopped;' });
  await expect(toast).toContainText('not attempted');
  const left = (await seededJobs(request)).length;
  expect(left).toBeGreaterThan(0);
  expect(left).toBeLessThan(n);
});

test('filter and sort live in the URL and survive a reload', async ({ page, request }) => {
  const jobs = await seededJobs(request);
  const failed = jobs.filter((j) => j.stage === 'FAILED');
  await openJobs(page);
  await page.getByLabel('Stage').selectOption('failed');
  await expect(page).toHaveURL(/stage=failed/);
  await expect(page.locator('table.jobs tbody tr[data-request-id]')).toHaveCount(failed.length);
  await page.getByRole('button', { name: 'Hits', exact: true }).click();
  await expect(page).toHaveURL(/sort=hits&dir=desc/);
  const byHits = [...failed].sort((a, b) => b.total_hits - a.total_hits).map((j) => j.request_id);
  const shown = () => page.locator('table.jobs tbody tr[data-request-id]').evaluateAll((rows) => rows.map((r) => r.dataset.requestId));
  expect(await shown()).toEqual(byHits);
  await expect(page.getByRole('columnheader', { name: /Hits/ })).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: 'Hits', exact: true }).click();
  await expect(page).toHaveURL(/dir=asc/);
  expect(await shown()).toEqual([...byHits].reverse());

  const prefix = failed[0].request_id.slice(0, 8);
  await page.getByLabel('Filter by request id').fill(prefix);
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  await page.reload();
  await page.getByLabel('Token', { exact: true }).fill('joblens-demo-token');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByLabel('Filter by request id')).toHaveValue(prefix);
  await expect(page.getByLabel('Stage')).toHaveValue('failed');
  await expect(page.locator('table.jobs tbody tr[data-request-id]')).toHaveCount(1);
  await expect(row(page, failed[0].request_id)).toBeVisible();
});

test('an id not in the list is looked up on the server', async ({ page, request }) => {
  await openJobs(page);
  await page.getByRole('checkbox', { name: 'Auto-refresh' }).uncheck();
  const id = await submitJob(request, { total_hits: 10, run_ms: 1000 });
  await page.getByLabel('Filter by request id').fill(id);
  await expect(page.getByText(`No job in the list matches “${id}”.`)).toBeVisible();
  await page.getByRole('button', { name: `Look up ${id} on the server` }).click();
  await expect(page.locator('.lookup__found').getByRole('link', { name: id })).toBeVisible();

  await page.getByLabel('Filter by request id').fill('AZnosuchjob000000000');
  await page.getByRole('button', { name: 'Look up AZnosuchjob000000000 on the server' }).click();
  await expect(page.getByRole('alert')).toContainText('The server has no job AZnosuchjob000000000');
});

test('selection and focus survive refreshes: rows are kept, not rebuilt', async ({ page, request }) => {
  await openJobs(page);
  const ids = await page.locator('table.jobs tbody tr[data-request-id]').evaluateAll((rows) => rows.map((r) => r.dataset.requestId));
  const box = page.getByRole('checkbox', { name: `Select job ${ids[3]}` });
  await box.check();
  await box.focus();
  const handle = await row(page, ids[3]).elementHandle();
  const before = (await simStats(request)).api_requests;
  await expect.poll(async () => (await simStats(request)).api_requests, { timeout: 15_000 }).toBeGreaterThan(before + 1);
  expect(await handle.evaluate((el) => el.isConnected)).toBe(true);
  await expect(box).toBeChecked();
  await expect(box).toBeFocused();
});

test('refreshes pause while the tab is hidden and resume when it returns', async ({ page, request }) => {
  await page.clock.install();
  await openJobs(page);
  await setTabHidden(page, true);
  await expect(page.getByText('Paused while the tab is hidden')).toBeVisible();
  const before = (await simStats(request)).api_requests;
  await page.clock.runFor(120_000);
  expect((await simStats(request)).api_requests).toBe(before);
  await setTabHidden(page, false);
  await expect.poll(async () => (await simStats(request)).api_requests).toBe(before + 1);
  await expect(page.getByText('Paused while the tab is hidden')).toHaveCount(0);
});

test('when refreshes fail the last good rows stay, marked stale', async ({ page, request }) => {
  await openJobs(page);
  const n = await page.locator('table.jobs tbody tr[data-request-id]').count();
  await setFaults(request, { error_rate: 1.0 });
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('alert')).toContainText('The server failed (HTTP 5', { timeout: 15_000 });
  await expect(page.locator('.updated.stale')).toContainText('Stale: refreshes failing since');
  await expect(page.locator('table.jobs tbody tr[data-request-id]')).toHaveCount(n);
  await expect(page.getByRole('status', { name: 'Connection: Connection trouble' })).toBeVisible();
  await setFaults(request, {});
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator('.updated.stale')).toHaveCount(0);
});

test('a 429 storm is met with back-off, not hammering', async ({ page, request }) => {
  await page.clock.install();
  await openJobs(page);
  await setFaults(request, { throttle_rate: 1.0, throttle_retry_after_s: 20 });
  const before = (await simStats(request)).api_requests;
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('status', { name: 'Connection: Rate limited' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('It asked to wait 20 s.');
  // Two minutes of page time: at one request per Retry-After at most, never a burst.
  for (let i = 0; i < 12; i++) await page.clock.runFor(10_000);
  const sent = (await simStats(request)).api_requests - before;
  expect(sent).toBeGreaterThan(1);
  expect(sent).toBeLessThanOrEqual(7);
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
});

test('every action works from the keyboard', async ({ page, request }) => {
  const jobs = await seededJobs(request);
  const id = jobs.find((j) => j.stage === 'FAILED').request_id;
  await openJobs(page);
  await page.getByRole('button', { name: `Delete job ${id}` }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: `Delete job ${id}` }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Delete job' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row(page, id)).toHaveCount(0);
  await page.getByRole('button', { name: 'Stage', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/sort=stage/);
});

for (const colorScheme of ['light', 'dark']) {
  test(`the job table has no accessibility violations (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await openJobs(page);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    await context.close();
  });
}

test('when the server counts more jobs than it lists, the page says so', async ({ page }) => {
  await page.route('**/api/v2/jobs', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.meta.total_items = 99;
    await route.fulfill({ response, json: body });
  });
  await openJobs(page);
  await expect(page.locator('.page__meta')).toContainText('the server reports 99 in all');
});

test('offline: the rows stay with a clear message, and the table recovers when back online', async ({ page, context }) => {
  await openJobs(page);
  const n = await page.locator('table.jobs tbody tr[data-request-id]').count();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('alert')).toContainText('Cannot reach the server');
  await expect(page.locator('table.jobs tbody tr[data-request-id]')).toHaveCount(n);
  await expect(page.locator('.updated.stale')).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();
});

test('empty states say what to do: no jobs at all, or none matching the filter', async ({ page, request }) => {
  await openJobs(page, undefined, '/?q=nothing-matches-this');
  await expect(page.getByRole('heading', { name: 'No jobs match the filter' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear the filter' }).click();
  await expect(page).toHaveURL(/\/$/);
  for (const job of await seededJobs(request)) {
    await request.delete(`/api/v2/jobs?request_id=${job.request_id}`, {
      headers: { Authorization: 'Bearer joblens-demo-token' },
    });
  }
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('heading', { name: 'No jobs on the server' })).toBeVisible();
  await expect(page.locator('table.jobs')).toHaveCount(0);
});

test('two hundred jobs: only the rows in view are in the DOM, scrolling reaches every one, and a refresh updates the rows in view', async ({ page, request }) => {
  const seeded = await seededJobs(request);
  for (let i = seeded.length + 1; i < 200; i++) await submitJob(request, { total_hits: i, run_ms: 1 });
  const live = await submitJob(request, { total_hits: 500_000, run_ms: 3_600_000 });
  await openJobs(page);
  await expect(page.locator('.page__meta', { hasText: '200 jobs' })).toBeVisible();
  const table = page.locator('table.jobs');
  await expect(table).toHaveAttribute('aria-rowcount', '201');
  const rows = page.locator('table.jobs tbody tr[data-request-id]');
  expect(await rows.count()).toBeLessThan(60);
  // Newest first: the first row is the last job submitted, at row index 2 (the header is 1).
  await expect(rows.first()).toHaveAttribute('data-request-id', live);
  await expect(rows.first()).toHaveAttribute('aria-rowindex', '2');
  // Rows are all the same height, the one the table's windowing counts on.
  const heights = await rows.evaluateAll((rs) => [...new Set(rs.map((r) => r.getBoundingClientRect().height))]);
  expect(heights).toEqual([36]);
  // The oldest seeded job is the last row, reached by scrolling; the DOM stays small.
  const oldest = [...seeded].sort((a, b) => a.submitted_at - b.submitted_at)[0].request_id;
  await page.locator('.table-wrap--jobs').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(row(page, oldest)).toBeVisible();
  await expect(row(page, oldest)).toHaveAttribute('aria-rowindex', '201');
  expect(await rows.count()).toBeLessThan(60);
  // Scrolling moves jobs between the same rows: the DOM and the wasm memory stay the same size
  // (100 jumps once kept about 7 MB).
  const wrap = page.locator('.table-wrap--jobs');
  const jump = (top) => scrollAndRender(wrap, top);
  for (let i = 0; i < 10; i++) await jump(i % 2 ? 0 : 6000);
  const before = await wasmBytes(page);
  for (let i = 0; i < 100; i++) await jump(i % 2 ? 0 : 6000);
  expect(await wasmBytes(page)).toBeLessThanOrEqual(before + 256 * 1024);
  expect(await rows.count()).toBeLessThan(60);
  // Back at the top of the sorted list, the running job's progress moves with each refresh.
  await page.locator('.table-wrap--jobs').evaluate((el) => el.scrollTo(0, 0));
  const progress = row(page, live).locator('.progress__text');
  await expect(progress).toBeVisible();
  const first = await progress.innerText();
  await expect(progress).not.toHaveText(first, { timeout: 15_000 });
});
