// Connecting, configuration and embedding, end to end.
import { test, expect } from './fixtures.mjs';
import { DEMO_TOKEN, connect, openJobs, resetSimulator, seededJobs, submitJob } from './helpers.mjs';

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

/** Serves `config` as the app's config.json for this page (and its frames). */
async function withConfig(page, config) {
  await page.route('**/config.json', (route) => route.fulfill({ json: config }));
}

test('"remember in this tab" keeps the token across a reload, in sessionStorage only; sign out forgets it', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Token', { exact: true }).fill(DEMO_TOKEN);
  await page.getByRole('checkbox', { name: /Remember in this tab/ }).check();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  await page.reload();
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  await expect(page.getByLabel('Token', { exact: true })).toHaveCount(0);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(DEMO_TOKEN);
  expect(await page.evaluate(() => sessionStorage.getItem('joblens.token'))).toBe(DEMO_TOKEN);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Token', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('joblens.token'))).toBeNull();
  await page.reload();
  await expect(page.getByLabel('Token', { exact: true })).toBeVisible();
});

test('without "remember", a reload asks for the token again', async ({ page }) => {
  await openJobs(page);
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(DEMO_TOKEN);
  await page.reload();
  await expect(page.getByLabel('Token', { exact: true })).toBeVisible();
});

test('a token refused mid-session returns to the connect screen, and back to the same place', async ({ page, request }) => {
  const id = (await seededJobs(request)).find((j) => j.total_hits === 12480).request_id;
  await openJobs(page);
  await page.getByRole('link', { name: id, exact: true }).click();
  await expect(page.getByText('Hits 1–1,000 of 12,480')).toBeVisible();
  await page.route('**/api/v2/**', (route) =>
    route.fulfill({ status: 401, json: { code: '070011101', title: 'Unauthorized', detail: 'Invalid or missing AuthToken.' } }),
  );
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page.getByRole('alert')).toContainText('The server refused the token');
  await expect(page).toHaveURL(new RegExp(`/jobs/${id}\\?page=2`));
  await page.unroute('**/api/v2/**');
  await connect(page);
  await expect(page.getByText('Hits 1,001–2,000 of 12,480')).toBeVisible();
});

const refusal = { status: 401, json: { code: '070011101', title: 'Unauthorized', detail: 'Invalid or missing AuthToken.' } };

test("a token refused by the hits page's live job summary returns to the connect screen, and back", async ({ page, request }) => {
  await page.clock.install();
  const id = await submitJob(request, { total_hits: 50_000, run_ms: 600_000 });
  await page.goto(`/jobs/${id}?page=1`);
  await connect(page);
  await expect(page.locator('.job-summary')).toContainText('Running');
  // Only the summary's lookup is refused: the page of hits was read before.
  const lookup = (url) => url.pathname === '/api/v2/jobs' && url.searchParams.has('request_id');
  await page.route(lookup, (route) => route.fulfill(refusal));
  await page.clock.runFor(6_000);
  await expect(page.getByRole('alert')).toContainText('The server refused the token');
  await expect(page).toHaveURL(new RegExp(`/jobs/${id}\\?page=1`));
  await page.unroute(lookup);
  await connect(page);
  await expect(page.locator('.job-summary')).toContainText('Running');
});

test('a token refused during an export returns to the connect screen, and back to the same place', async ({ page, request }) => {
  const id = (await seededJobs(request)).find((j) => j.total_hits === 1958).request_id;
  await page.goto(`/jobs/${id}?page=1`);
  await connect(page);
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  const second = (url) => url.pathname === '/api/v2/jobs/results' && url.searchParams.get('page') === '2';
  await page.route(second, (route) => route.fulfill(refusal));
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: 'All 2 pages' }).check();
  await page.getByRole('button', { name: 'Start export' }).click();
  await expect(page.getByRole('alert')).toContainText('The server refused the token');
  await expect(page).toHaveURL(new RegExp(`/jobs/${id}\\?page=1`));
  await page.unroute(second);
  await connect(page);
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
});

test('the API can live on another origin: a full base URL', async ({ page, baseURL }) => {
  const other = baseURL.replace('127.0.0.1', 'localhost');
  const origins = new Set();
  page.on('request', (r) => r.url().includes('/api/') && origins.add(new URL(r.url()).origin));
  await page.goto('/');
  await page.getByLabel('API base URL').fill(other);
  await connect(page);
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  expect([...origins]).toEqual([other]);
  await page.getByLabel('Token', { exact: true });
});

test('proxy mode: no token in the browser; the proxy adds the header', async ({ page }) => {
  await withConfig(page, { auth_mode: 'proxy' });
  const seen = [];
  // Stands in for the reverse proxy: it receives the browser's request and adds the header.
  await page.route('**/api/v2/**', async (route) => {
    seen.push(route.request().headers()['authorization']);
    await route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${DEMO_TOKEN}` } });
  });
  await page.goto('/');
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  await expect(page.getByLabel('Token', { exact: true })).toHaveCount(0);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((h) => h === undefined)).toBe(true);
});

test('a config.json with problems stops the app and lists every one', async ({ page }) => {
  await withConfig(page, { auth_mode: 'magic', poll_interval_ms: 1, theme: 'pink' });
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('config.json has problems');
  await expect(alert.locator('li')).toHaveCount(3);
  await expect(alert).toContainText('auth_mode must be token, proxy or parent');
});

test('config.json sets the theme, the API base URL, the refresh interval and the time zone', async ({ page, baseURL, request }) => {
  const other = baseURL.replace('127.0.0.1', 'localhost');
  await withConfig(page, { theme: 'dark', api_base_url: other, poll_interval_ms: 15000, time_zone: 'utc' });
  await page.goto('/');
  await expect(page.getByLabel('API base URL')).toHaveValue(other);
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(15, 20, 26)');
  await connect(page);
  await expect(page.getByLabel('Refresh interval')).toHaveValue('15000');
  const id = (await seededJobs(request))[0].request_id;
  await page.getByRole('link', { name: id, exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Times in UTC' })).toBeChecked();
});

// The example portal (examples/portal/) is served by its own server process on another port:
// its own origin. Reached as `localhost` instead, the same page is another origin, one the app
// does not allow.
const portalPort = (baseURL) => Number(process.env.JOBLENS_PORTAL_PORT || Number(new URL(baseURL).port) + 1);
const portalOrigin = (baseURL) => `http://127.0.0.1:${portalPort(baseURL)}`;
const evilOrigin = (baseURL) => `http://localhost:${portalPort(baseURL)}`;

async function openPortal(page, portalOrigin, appUrl) {
  await page.goto(`${portalOrigin}/?app=${encodeURIComponent(appUrl)}`);
  await page.getByLabel('Portal token').fill(DEMO_TOKEN);
  await page.getByRole('button', { name: 'Open Joblens' }).click();
  return page.frameLocator('iframe#joblens');
}

test('embedded: the portal hands the token over, the chrome is hidden, the frame is sized and themed', async ({ page, baseURL }) => {
  await withConfig(page, { auth_mode: 'parent', allowed_parent_origins: [portalOrigin(baseURL)] });
  const frame = await openPortal(page, portalOrigin(baseURL), `${baseURL}/`);
  await expect(frame.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  await expect(frame.locator('.app-header')).toHaveCount(0);
  await expect(page.getByText('Token sent 1 time.')).toBeVisible();
  await expect.poll(async () => parseInt(await page.locator('iframe#joblens').evaluate((f) => f.style.height || '0'), 10)).toBeGreaterThan(300);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('embedded: a token from an origin that is not allowed is ignored', async ({ page, baseURL }) => {
  await withConfig(page, { auth_mode: 'parent', allowed_parent_origins: [portalOrigin(baseURL)] });
  const frame = await openPortal(page, evilOrigin(baseURL), `${baseURL}/`);
  await expect(frame.getByRole('heading', { name: 'Waiting for the portal' })).toBeVisible();
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(frame.locator('table.jobs')).toHaveCount(0);
  await expect(frame.locator('html')).not.toHaveAttribute('data-theme', 'dark');
});

test('embedded: on a 401 the app asks the portal again', async ({ page, baseURL }) => {
  await withConfig(page, { auth_mode: 'parent', allowed_parent_origins: [portalOrigin(baseURL)] });
  let refused = 0;
  await page.route('**/api/v2/jobs', async (route) => {
    if (refused++ === 0) {
      await route.fulfill({ status: 401, json: { code: '070011101', title: 'Unauthorized', detail: 'Invalid or missing AuthToken.' } });
    } else {
      await route.continue();
    }
  });
  const frame = await openPortal(page, portalOrigin(baseURL), `${baseURL}/`);
  await expect(page.getByText('Token sent 2 times.')).toBeVisible();
  await expect(frame.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
});
