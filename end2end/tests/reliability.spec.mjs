// Reliability and secrets: a panic shows a reload screen, hostile strings from the server stay
// text, and the token is found nowhere but the Authorization header.
import { test, expect } from './fixtures.mjs';
import { DEMO_TOKEN, connect, openJobs, resetSimulator, seededJobs } from './helpers.mjs';

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test('a panic shows a clear reload screen, reported to the console once', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const panics = [];
  page.on('console', (m) => m.text().includes('panicked') && panics.push(m.text()));
  await page.goto('/#joblens-crash-test');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
  await expect(alert).toContainText('Reload the page to start again');
  expect(panics).toHaveLength(1);
  expect(panics[0]).toContain('deliberate panic');
  await page.evaluate(() => (location.hash = ''));
  await alert.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByLabel('Token', { exact: true })).toBeVisible();
  await context.close();
});

test('hostile request ids and stages from the server are shown as text, never run', async ({ page }) => {
  const evilId = '<img src=x onerror="window.__pwned=1">';
  await page.route('**/api/v2/jobs', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    const job = { ...body.data.jobs.requests[0], request_id: evilId, stage: '<b>QUEUED</b>\u202Ezero\u200Bwidth' };
    body.data.jobs.requests.unshift(job);
    await route.fulfill({ response, json: body });
  });
  await openJobs(page);
  await expect(page.getByRole('link', { name: evilId, exact: true })).toBeVisible();
  await expect(page.locator('.stage-badge--unknown').first()).toContainText('<b>QUEUED</b>');
  expect(await page.locator('table.jobs img, table.jobs b').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('a full session leaves the token nowhere but the Authorization header', async ({ page, request }) => {
  const urls = [];
  const headersWithToken = [];
  page.on('request', (r) => {
    urls.push(r.url());
    for (const [k, v] of Object.entries(r.headers())) {
      if (v.includes(DEMO_TOKEN) && k !== 'authorization') headersWithToken.push(k);
    }
  });
  const consoleText = [];
  page.on('console', (m) => consoleText.push(m.text()));
  const id = (await seededJobs(request)).find((j) => j.total_hits === 1958).request_id;

  // A refused token first, then the right one; the jobs, a job's hits, an export, errors.
  await page.goto('/');
  await connect(page, `${DEMO_TOKEN}-wrong`);
  await expect(page.getByRole('alert')).toBeVisible();
  await connect(page);
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  await page.getByRole('link', { name: id, exact: true }).click();
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: 'NDJSON (every field)' }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Start export' }).click()]);
  const exported = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  await page.goto(`/jobs/${id}?page=9`);
  await connect(page);
  await expect(page.getByRole('heading', { name: 'Page 9 does not exist' })).toBeVisible();

  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  const shown = await page.evaluate(() => document.documentElement.outerHTML);
  const history = await page.evaluate(() => location.href + document.referrer);
  for (const [where, text] of [
    ['storage', stored],
    ['page', shown],
    ['URLs', urls.join(' ') + history],
    ['console', consoleText.join('\n')],
    ['export', exported],
  ]) {
    expect(text.includes(DEMO_TOKEN), `the token appeared in the ${where}`).toBe(false);
  }
  expect(headersWithToken).toEqual([]);
  expect(exported.length).toBeGreaterThan(1000);
});
