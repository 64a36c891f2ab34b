// The app shell end to end: token prompt, the job list from GET /api/v2/jobs, routes, themes.
import { test, expect } from './fixtures.mjs';
import { connect, resetSimulator, seededJobs, DEMO_TOKEN } from './helpers.mjs';

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test('the seeded jobs are listed once a token is entered, sent only as a Bearer header', async ({ page, request }) => {
  const apiCalls = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) apiCalls.push({ url: r.url(), auth: r.headers()['authorization'] });
  });
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Connection: Not connected' })).toBeVisible();
  await connect(page);

  const jobs = await seededJobs(request);
  const rows = page.locator('table.jobs tbody tr[data-request-id]');
  await expect(rows).toHaveCount(jobs.length);
  for (const job of jobs) {
    await expect(page.getByRole('link', { name: job.request_id, exact: true })).toBeVisible();
  }
  for (const stage of ['Running', 'Success', 'Failed']) {
    await expect(page.locator('.stage-badge', { hasText: stage }).first()).toBeVisible();
  }
  await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();

  expect(apiCalls.length).toBeGreaterThan(0);
  for (const call of apiCalls) {
    expect(call.auth).toBe(`Bearer ${DEMO_TOKEN}`);
    expect(call.url).not.toContain(DEMO_TOKEN);
  }
  expect(page.url()).not.toContain(DEMO_TOKEN);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(DEMO_TOKEN);
});

test('a request without the token is refused and the app says so instead of listing jobs', async ({ page }) => {
  // Strip the header on the way out: the server must answer 401 and the app must show it.
  await page.route('**/api/v2/jobs*', async (route) => {
    const headers = { ...route.request().headers() };
    delete headers['authorization'];
    await route.continue({ headers });
  });
  await page.goto('/');
  await connect(page);
  await expect(page.getByRole('alert')).toContainText('invalid, revoked or expired');
  await expect(page.locator('table.jobs')).toHaveCount(0);
});

test('a wrong token is checked before the app goes on, with the server error code', async ({ page }) => {
  await page.goto('/');
  await connect(page, 'not-the-token');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The token was refused: it is invalid, revoked or expired.');
  await expect(alert).toContainText('070011101');
  await expect(alert).not.toContainText('not-the-token');
  await expect(page.locator('table.jobs')).toHaveCount(0);
  await connect(page);
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
});

test('a job links to its hits, and the hits page pages through results', async ({ page, request }) => {
  const jobs = await seededJobs(request);
  const job = jobs.find((j) => j.stage === 'SUCCESS' && j.total_hits === 1958);
  await page.goto('/');
  await connect(page);
  await page.getByRole('link', { name: job.request_id, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${job.request_id}$`));
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '1001');
  await expect(page.locator('.hits-head [role=columnheader]').first()).toHaveText(/^Time/);
  await page.getByRole('link', { name: /Next/ }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('Hits 1,001–1,958 of 1,958')).toBeVisible();
  await expect(page.getByRole('link', { name: /Next/ })).toHaveCount(0);
});

test('an unknown path shows the not-found page with a way back', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the jobs' }).click();
  await expect(page.getByLabel('Token', { exact: true })).toBeVisible();
});

test('the theme follows the OS: dark tokens under prefers-color-scheme dark', async ({ browser }) => {
  const background = async (colorScheme) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByLabel('Token', { exact: true })).toBeVisible();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await context.close();
    return bg;
  };
  const light = await background('light');
  const dark = await background('dark');
  expect(light).toBe('rgb(246, 247, 249)');
  expect(dark).toBe('rgb(15, 20, 26)');
});
