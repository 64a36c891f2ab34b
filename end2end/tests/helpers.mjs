// Shared steps of the end-to-end tests.
import { expect } from '@playwright/test';

export const DEMO_TOKEN = 'joblens-demo-token';
export const READ_ONLY_TOKEN = 'e2e-reader';

/** Puts the simulator back to its seeded jobs, with no faults. */
export async function resetSimulator(request) {
  const res = await request.post('/__sim/reset');
  expect(res.status()).toBe(204);
}

/** Types a token into the prompt and connects, as a person would. */
export async function connect(page, token = DEMO_TOKEN) {
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Connect' }).click();
}

/** The seeded jobs as the simulator lists them (read with the demo token). */
export async function seededJobs(request) {
  const res = await request.get('/api/v2/jobs', {
    headers: { Authorization: `Bearer ${DEMO_TOKEN}` },
  });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).data.jobs.requests;
}

/** Replaces the simulator's faults (an empty object turns them all off). */
export async function setFaults(request, faults) {
  const res = await request.put('/__sim/faults', { data: faults });
  expect(res.ok()).toBeTruthy();
}

/** The simulator's request counters. */
export async function simStats(request) {
  const res = await request.get('/__sim/stats');
  expect(res.ok()).toBeTruthy();
  return res.json();
}

/** Submits a job to the simulator, as an asynchronous search would; returns its id. */
export async function submitJob(request, job) {
  const res = await request.post('/__sim/jobs', { data: job });
  expect(res.status()).toBe(201);
  return (await res.json()).request_id;
}

/** Connects and waits for the job table. */
export async function openJobs(page, token = DEMO_TOKEN, path = '/') {
  await page.goto(path);
  await connect(page, token);
  await expect(page.getByRole('status', { name: 'Connection: Connected' })).toBeVisible();
  await expect(page.locator('table.jobs tbody tr[data-request-id], .empty').first()).toBeVisible();
}

/** The row of one job. */
export function row(page, id) {
  return page.locator(`table.jobs tbody tr[data-request-id="${id}"]`);
}

/** Makes the page believe its tab was hidden (true) or shown again (false). */
export async function setTabHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { value: h, configurable: true });
    Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** The size of the app's wasm memory, in bytes (it only ever grows). */
export function wasmBytes(page) {
  return page.evaluate(() => window.__joblensWasmBytes());
}

/** Scrolls a scroll box to `top` and waits until the browser has rendered it. */
export function scrollAndRender(scroller, top, left) {
  return scroller.evaluate((el, [t, l]) => new Promise((r) => {
    if (t != null) el.scrollTop = t;
    if (l != null) el.scrollLeft = l;
    requestAnimationFrame(() => requestAnimationFrame(r));
  }), [top, left]);
}
