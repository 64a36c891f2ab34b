// A server unlike the reference page: the app against `joblens-sim --dialect variant` (numbers
// as text, v1 names, wrapped errors and errors in HTTP 200, v1's delete reply, lookups answered
// with every job, results without meta, an empty 200 past the end, 429s without Retry-After,
// running jobs without a total), plus what any server may send: entries that are no job,
// answers that are not JSON, characters that would make text read as something else.
import { test, expect } from './fixtures.mjs';
import { DEMO_TOKEN, connect, resetSimulator, row, simStats, submitJob } from './helpers.mjs';

const port = Number(process.env.JOBLENS_PORT || 8091);
const variantPort = Number(process.env.JOBLENS_VARIANT_PORT || port + 2);
test.use({ baseURL: `http://127.0.0.1:${variantPort}` });

const auth = { Authorization: `Bearer ${DEMO_TOKEN}` };

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

/** The jobs as the variant server lists them (v1 names, numbers as text). */
async function listed(request) {
  const res = await request.get('/api/v2/jobs', { headers: auth });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).data.jobs.requests;
}

async function jobWith(request, hits) {
  return (await listed(request)).find((j) => j.total_hits === String(hits)).request_id;
}

/** Changes some of the variant's ways, keeping the others. */
async function setDialect(request, changes) {
  const now = await (await request.get('/__sim/dialect')).json();
  const res = await request.put('/__sim/dialect', { data: { ...now, ...changes } });
  expect(res.ok()).toBeTruthy();
}

async function failNext(request, statuses) {
  expect((await request.post('/__sim/fail-next', { data: statuses })).status()).toBe(204);
}

async function setExtraJobs(request, entries) {
  expect((await request.put('/__sim/extra-jobs', { data: entries })).status()).toBe(204);
}

async function openJobs(page) {
  await page.goto('/');
  await connect(page);
  await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
}

test('every job of a v1-shaped list shows, with numbers read from text and unknown totals as —', async ({ page, request }) => {
  const jobs = await listed(request);
  expect(jobs[0].status).toBeDefined();
  expect(typeof jobs[0].hits_done).toBe('string');
  await openJobs(page);
  await expect(page.locator('table.jobs tbody tr[data-request-id]')).toHaveCount(jobs.length);
  await expect(page.getByRole('alert')).toHaveCount(0);
  const done = jobs.find((j) => j.total_hits === '1958');
  await expect(row(page, done.request_id).locator('.stage-badge')).toHaveText('Success');
  await expect(row(page, done.request_id).locator('td.num').first()).toHaveText('1,958');
  const running = jobs.find((j) => j.status === 'running');
  await expect(row(page, running.request_id).locator('.stage-badge')).toHaveText('Running');
  await expect(row(page, running.request_id).locator('.progress__text')).toHaveText(/^[\d,]+ \/ —$/);
  await expect(page.locator('.page__meta')).toHaveText(`${jobs.length} jobs`);
});

test('a lookup answered with every job shows the one asked for, or says it is not there', async ({ page, request }) => {
  // A job the job table never lists (its refreshes are answered without it); the lookup's
  // answer lists it last, among all the others.
  const fresh = await submitJob(request, { total_hits: 777, run_ms: 1 });
  const list = (url) => url.pathname === '/api/v2/jobs' && !url.searchParams.has('request_id');
  await page.route(list, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.data.jobs.requests = body.data.jobs.requests.filter((j) => j.request_id !== fresh);
    await route.fulfill({ response, json: body });
  });
  await openJobs(page);
  await page.getByLabel('Filter by request id').fill(fresh);
  await page.getByRole('button', { name: `Look up ${fresh} on the server` }).click();
  const found = page.locator('.lookup__found');
  await expect(found.getByRole('link')).toHaveText(fresh);
  await expect(found).toContainText('777 hits');
  await page.getByLabel('Filter by request id').fill('AZnosuchjob0000000000');
  await page.getByRole('button', { name: 'Look up AZnosuchjob0000000000 on the server' }).click();
  await expect(page.getByRole('alert')).toContainText('The server has no job AZnosuchjob0000000000');
});

test("the hits page's live summary is the job asked for, not the first one listed", async ({ page, request }) => {
  const jobs = await listed(request);
  const asked = jobs.find((j) => j.total_hits === '372');
  expect(jobs[0].request_id).not.toBe(asked.request_id);
  await page.goto(`/jobs/${asked.request_id}`);
  await connect(page);
  const summary = page.locator('.job-summary');
  await expect(summary.locator('span', { hasText: /^372 hits$/ })).toHaveCount(1);
  await expect(summary.locator('span', { hasText: /^1 page$/ })).toHaveCount(1);
});

test('a delete answered in any successful shape removes the row and says so', async ({ page, request }) => {
  const shapes = ['message', 'documented', 'empty', 'no_content'];
  const jobs = (await listed(request)).filter((j) => j.status !== 'running').slice(0, shapes.length);
  await openJobs(page);
  for (const [i, shape] of shapes.entries()) {
    await setDialect(request, { delete_reply: shape });
    const id = jobs[i].request_id;
    await page.getByRole('button', { name: `Delete job ${id}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete job' }).click();
    await expect(page.locator('.toast', { hasText: `Deleted job ${id} and its hits.` }), shape).toBeVisible();
    await expect(row(page, id), shape).toHaveCount(0);
  }
  await expect(page.locator('.toast--error')).toHaveCount(0);
  const stats = await simStats(request);
  expect(stats.by_status['204']).toBe(1);
});

test("each error shape's words reach the screen, also from an error inside a 200", async ({ page, request }) => {
  const statuses = [];
  page.on('response', (r) => r.url().includes('/api/v2/jobs') && statuses.push(r.status()));
  await page.goto('/');
  for (const [i, shape] of ['wrapped', 'flat', 'message', 'upper', 'numeric'].entries()) {
    await setDialect(request, { error_shape: shape });
    await connect(page, 'a-token-the-server-refuses');
    await expect.poll(async () => (await simStats(request)).unauthorized, shape).toBe(i + 1);
    const alert = page.locator('.token-prompt').getByRole('alert');
    await expect(alert, shape).toContainText('Invalid or missing AuthToken');
    await expect(alert, shape).toContainText('invalid, revoked or expired');
  }
  // Those came as HTTP 200 (the variant sends refusals so): none was taken for a job list.
  expect(statuses).toEqual([200, 200, 200, 200, 200]);
});

test('an answer that cannot be understood offers what the server sent, without the token', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openJobs(page);
  const rows = await page.locator('table.jobs tbody tr[data-request-id]').count();
  // A proxy's page that echoes what it was sent, the token among it.
  await page.route('**/api/v2/jobs', (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: `<html><body>502 Bad Gateway</body></html> for ${route.request().headers().authorization}`,
  }));
  await page.getByRole('button', { name: 'Refresh now' }).click();
  const alert = page.locator('.banner--malformed');
  await expect(alert).toContainText("The server's answer was not understood");
  await alert.getByText('What the server sent').click();
  const report = alert.locator('.sent__text');
  await expect(report).toContainText('GET /api/v2/jobs');
  await expect(report).toContainText('HTTP 200 · application/json');
  await expect(report).toContainText('<html><body>502 Bad Gateway</body></html> for Bearer [the token]');
  await alert.getByRole('button', { name: 'Copy the report' }).click();
  await expect(alert.locator('.copy-status')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('GET /api/v2/jobs');
  expect(copied).not.toContain(DEMO_TOKEN);
  expect(await alert.textContent()).not.toContain(DEMO_TOKEN);
  // The last good rows stay.
  await expect(page.locator('table.jobs tbody tr[data-request-id]')).toHaveCount(rows);
});

test('the connect check waits out a 429 without Retry-After and a flaky server by itself', async ({ page, request }) => {
  await page.clock.install();
  await page.goto('/');
  await failNext(request, [429, 503, 0]);
  await connect(page);
  const waiting = page.locator('.connect__waiting');
  await expect(waiting).toContainText('did not say for how long');
  await expect(waiting).toContainText(/Trying again in (60|59) s \(try 2 of 6\)/);
  const before = (await simStats(request)).api_requests;
  await page.clock.runFor(30_000);
  expect((await simStats(request)).api_requests, 'nothing sent before the minute is over').toBe(before);
  await page.clock.runFor(31_000);
  await expect(waiting).toContainText('The server failed (HTTP 503)');
  await page.clock.runFor(5_000);
  await expect(waiting).toContainText('Cannot reach the server');
  await page.clock.runFor(10_000);
  await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
});

test('a connect that keeps failing can be cancelled, and says it stopped', async ({ page, request }) => {
  await page.clock.install();
  await page.goto('/');
  await failNext(request, [503, 503, 503]);
  await connect(page);
  const waiting = page.locator('.connect__waiting');
  await expect(waiting).toContainText('Trying again');
  await waiting.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.token-prompt').getByRole('alert')).toContainText('Stopped trying to connect. The server failed (HTTP 503)');
  const sent = (await simStats(request)).api_requests;
  await page.clock.runFor(120_000);
  expect((await simStats(request)).api_requests).toBe(sent);
  await expect(page.getByRole('button', { name: 'Connect' })).toBeEnabled();
});

test('a 429 without Retry-After on a refresh waits for the minute, and says when it tries next', async ({ page, request }) => {
  await page.clock.install();
  await openJobs(page);
  await failNext(request, [429]);
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('alert')).toContainText('did not say for how long, so Joblens waits a minute');
  await expect(page.locator('.updated.stale')).toContainText(/next try in (60|59) s/);
  const before = (await simStats(request)).api_requests;
  await page.clock.runFor(55_000);
  expect((await simStats(request)).api_requests).toBe(before);
  await page.clock.runFor(10_000);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect((await simStats(request)).api_requests).toBe(before + 1);
});

test('entries that are no job get rows that say so, and deceptive characters show as escapes', async ({ page, request }) => {
  await setExtraJobs(request, [
    { stage: 'SUCCESS', hits_done: 3, note: 'no request id' },
    { request_id: '\u202Eevil', stage: 'RUNNING\u2066x' },
  ]);
  await openJobs(page);
  const unreadable = page.locator('table.jobs tbody tr', { hasText: '(no request id)' });
  await expect(unreadable.locator('.stage-badge')).toHaveText('Not understood');
  await expect(unreadable.getByRole('button', { name: /^Delete job/ })).toBeHidden();
  await unreadable.getByRole('button', { name: 'What the server sent for job (no request id)' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('was not understood');
  await expect(dialog).toContainText('the entry has no request_id');
  await expect(dialog.locator('pre')).toContainText('"note": "no request id"');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const evil = row(page, '\u202Eevil');
  await expect(evil.locator('a.mono')).toHaveText('⟨U+202E⟩evil');
  await expect(evil.locator('.stage-badge')).toHaveText('RUNNING⟨U+2066⟩x');
  await expect(page.locator('table.jobs')).not.toContainText('\u202E');
});

test('a page of hits without meta pages by the job, and a page past the end says so', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await page.goto(`/jobs/${id}`);
  await connect(page);
  await expect(page.locator('.pager')).toContainText('of 2');
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page.locator('.pager__range')).toContainText('Hits 1,001–1,958');
  await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  await page.goto(`/jobs/${id}?page=3`);
  await connect(page);
  await expect(page.getByRole('heading', { name: 'Page 3 does not exist' })).toBeVisible();
  await expect(page.getByText('This job has 2 pages.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No hits on this page' })).toHaveCount(0);
});

test('an export of every page stops at the job\'s last page', async ({ page, request }) => {
  const id = await jobWith(request, 1958);
  await page.goto(`/jobs/${id}`);
  await connect(page);
  await expect(page.locator('.pager')).toContainText('of 2');
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: 'All 2 pages' }).check();
  await page.getByRole('radio', { name: 'NDJSON (every field)' }).check();
  const before = (await simStats(request)).api_requests;
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Start export' }).click()]);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  expect(text.trim().split('\n')).toHaveLength(1958);
  expect((await simStats(request)).api_requests - before).toBeLessThanOrEqual(3);
});

test('a base URL without a Jobs API says so, not that a job was deleted', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('API base URL').fill(`http://127.0.0.1:${variantPort}/api/v9`);
  await connect(page);
  const alert = page.locator('.token-prompt').getByRole('alert');
  await expect(alert).toContainText('No Jobs API at this address');
  await expect(alert).not.toContainText('deleted');
});

test('hit values of every type and deceptive text read safely; the row detail shows times as dates', async ({ page, request }) => {
  const id = await jobWith(request, 372);
  await page.route('**/api/v2/jobs/results**', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.data.hits[0] = { ...body.data.hits[0], Device: '\u202Eevil', 'Zero\u200Bkey': true, Nested: { a: [1, null] }, Count: 7 };
    await route.fulfill({ response, json: body });
  });
  await page.goto(`/jobs/${id}`);
  await connect(page);
  await expect(page.locator('.hits-body')).toContainText('⟨U+202E⟩evil');
  await expect(page.locator('.hits-body')).not.toContainText('\u202E');
  await page.locator('.hits-body [role=row][aria-rowindex="2"] [role=gridcell]').first().dblclick();
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('.detail__fields')).toContainText('Zero⟨U+200B⟩key');
  await expect(dialog.locator('.detail__fields')).toContainText('{"a":[1,null]}');
  const time = dialog.locator('tr', { has: page.locator('th', { hasText: /^Time$/ }) });
  await expect(time.locator('.detail__value')).toContainText(/^\d{13}/);
  await expect(time.locator('.detail__time')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The export keeps the data as sent.
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: 'NDJSON (every field)' }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Start export' }).click()]);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  const first = JSON.parse(text.split('\n')[0]);
  expect(first.Device).toBe('\u202Eevil');
  expect(first['Zero\u200Bkey']).toBe(true);
  expect(first.Nested).toEqual({ a: [1, null] });
});
