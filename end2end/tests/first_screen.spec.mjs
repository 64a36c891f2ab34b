// The first screen downloads only what it needs: the job pages (hits and explore) are a second
// wasm file, fetched when a job is opened, or at once with the rest on a deep link; a file that
// cannot be fetched is said so and tried again, and nothing else breaks.
import { test, expect } from './fixtures.mjs';
import { connect, openJobs, resetSimulator, seededJobs } from './helpers.mjs';

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

const JOB_PAGES = /\/joblens-job_pages-[0-9a-f]{16}\.wasm$/;
const MAIN_WASM = /\/joblens-[0-9a-f]{16}_bg\.wasm$/;

/** Every URL the page requests, in order. */
function requests(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

test('the job table works without the job pages ever being requested', async ({ page }) => {
  const urls = requests(page);
  await openJobs(page);
  // Filtering, sorting and the delete dialog are the job table's own code.
  await page.getByLabel('Stage').selectOption('failed');
  await page.getByRole('button', { name: 'Hits', exact: true }).click();
  await expect(page).toHaveURL(/stage=failed.*sort=hits/);
  const first = page.locator('table.jobs tbody tr[data-request-id]').first();
  await first.getByRole('button', { name: /^Delete job / }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('all its hits are deleted');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(first).toBeVisible();
  expect(urls.filter((u) => JOB_PAGES.test(u))).toEqual([]);
  // The preload hint and the loader share one download of the main wasm.
  expect(urls.filter((u) => MAIN_WASM.test(u))).toHaveLength(1);
});

test('opening a job from the table fetches the job pages once, then explore needs nothing more', async ({ page, request }) => {
  const urls = requests(page);
  const id = (await seededJobs(request)).find((j) => j.total_hits === 1958).request_id;
  await openJobs(page);
  await page.getByRole('link', { name: id, exact: true }).click();
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  expect(urls.filter((u) => JOB_PAGES.test(u))).toHaveLength(1);
  await page.getByRole('link', { name: /^Explore/ }).click();
  await expect(page.getByRole('button', { name: /^Explore all/ })).toBeVisible();
  await page.goBack();
  await page.getByRole('link', { name: 'Jobs' }).click();
  await page.getByRole('link', { name: id, exact: true }).click();
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  expect(urls.filter((u) => JOB_PAGES.test(u))).toHaveLength(1);
});

test('a deep link to a hits page fetches the job pages alongside the app, not after it', async ({ page, request }) => {
  const id = (await seededJobs(request)).find((j) => j.total_hits === 1958).request_id;
  const urls = requests(page);
  await page.goto(`/jobs/${id}`);
  await connect(page);
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  expect(urls.filter((u) => JOB_PAGES.test(u))).toHaveLength(1);
  // Its download began before the app's own wasm had even been compiled and run.
  const { pagesStart, mounted } = await page.evaluate(() => {
    const pages = performance.getEntriesByType('resource').find((e) => /joblens-job_pages-/.test(e.name));
    return { pagesStart: pages.startTime, mounted: performance.getEntriesByName('joblens:mounted')[0].startTime };
  });
  expect(pagesStart).toBeLessThan(mounted);
});

test('job pages on their way say so; if they cannot be fetched the page says that, the app goes on, and trying again shows them', async ({ page, request }) => {
  const id = (await seededJobs(request)).find((j) => j.total_hits === 1958).request_id;
  let refuse = true;
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(JOB_PAGES, async (route) => {
    await held;
    return refuse ? route.abort('internetdisconnected') : route.continue();
  });
  await openJobs(page);
  await page.getByRole('link', { name: id, exact: true }).click();
  // While the file is on its way, the page says so.
  await expect(page.getByRole('status').filter({ hasText: 'Loading the page…' })).toBeVisible();
  release();
  const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
  await expect(alert).toBeVisible();
  // The rest of the app still works.
  await alert.getByRole('link', { name: 'Back to the jobs' }).click();
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  await page.goBack();
  await expect(alert).toBeVisible();
  refuse = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  await expect(page.getByText('Loading the page…')).toHaveCount(0);
});

test('with a remembered token the job list is asked for once, as soon as the app can, and a refused one is not reused', async ({ page }) => {
  const asked = [];
  page.on('request', (r) => r.url().includes('/api/v2/jobs') && asked.push(r.headers()['authorization']));
  // A token remembered in this tab, then refused by the server: the connect screen takes over.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('joblens.test-once')) {
      sessionStorage.setItem('joblens.test-once', '1');
      sessionStorage.setItem('joblens.token', 'a-token-the-server-refuses');
    }
  });
  await page.goto('/');
  await expect(page.getByLabel('Token', { exact: true })).toBeVisible();
  expect(asked).toEqual(['Bearer a-token-the-server-refuses']);
  // The good token gets its own list, not the refused one's answer.
  await connect(page);
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  expect(asked.slice(1).every((a) => a === 'Bearer joblens-demo-token')).toBe(true);
  // A reload with the token remembered asks once before the table is painted.
  await page.evaluate(() => sessionStorage.setItem('joblens.token', 'joblens-demo-token'));
  asked.length = 0;
  await page.reload();
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  const beforePaint = await page.evaluate(() => performance.getEntriesByName('joblens:jobs-painted')[0].startTime);
  const requests = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v2/jobs')).map((e) => e.startTime));
  expect(requests.filter((t) => t < beforePaint)).toHaveLength(1);
});
