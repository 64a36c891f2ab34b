// Faults and long sessions. `cargo xtask test` runs them short; `cargo xtask soak` runs them at
// full length (JOBLENS_SOAK_SECONDS=600, JOBLENS_SESSION_POLLS=720: an hour of 5 s polls).
import { test, expect } from './fixtures.mjs';
import { openJobs, resetSimulator, seededJobs, setFaults, simStats, wasmBytes } from './helpers.mjs';


const SOAK_SECONDS = Number(process.env.JOBLENS_SOAK_SECONDS || 30);
const SESSION_POLLS = Number(process.env.JOBLENS_SESSION_POLLS || 120);
const KNOWN_MESSAGES =
  /server failed|not understood|Cannot reach the server|limiting requests|Not found|deleted|did not answer/;

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test(`under a random mix of faults for ${SOAK_SECONDS} s the UI keeps working, stays in budget and recovers`, async ({ page, request }) => {
  test.setTimeout((SOAK_SECONDS * 2 + 300) * 1000);
  const jobs = await seededJobs(request);
  const big = jobs.find((j) => j.total_hits === 100_000).request_id;
  // Remembered in the tab, so moving around needs no new connect check through the faults.
  await page.goto('/');
  await page.getByLabel('Token', { exact: true }).fill('joblens-demo-token');
  await page.getByRole('checkbox', { name: /Remember in this tab/ }).check();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  await setFaults(request, {
    latency_ms: 150,
    error_rate: 0.15,
    throttle_rate: 0.1,
    throttle_retry_after_s: 2,
    truncate_rate: 0.08,
    malformed_rate: 0.04,
    drop_rate: 0.05,
    vanish_rate: 0.1,
  });
  const end = Date.now() + SOAK_SECONDS * 1000;
  let step = 0;
  while (Date.now() < end) {
    const before = (await simStats(request)).api_requests;
    if (step % 4 === 1) {
      await page.goto(`/jobs/${big}?page=${1 + (step % 90)}`);
    } else if (step % 4 === 2) {
      await page.goto('/');
    } else {
      const refresh = page.getByRole('button', { name: 'Refresh now' });
      if (await refresh.count()) await refresh.click();
    }
    // The server sees the app's requests again: at once, or, when this hurried user has spent
    // the app's budget, once the budget's minute allows.
    await expect.poll(async () => (await simStats(request)).api_requests, { timeout: 75_000 }).toBeGreaterThan(before);
    // Whatever happened, the page shows data or says what went wrong in words it knows.
    const alerts = await page.getByRole('alert').allInnerTexts();
    for (const a of alerts) expect(a).toMatch(KNOWN_MESSAGES);
    step += 1;
  }
  const stats = await simStats(request);
  expect(stats.max_per_minute).toBeLessThanOrEqual(50);

  // The faults stop: the app recovers by itself.
  await setFaults(request, {});
  await page.goto('/');
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 30_000 });
});

test(`a long session (${SESSION_POLLS} polls) does not grow the DOM, listeners, heap or wasm memory`, async ({ page, request }) => {
  test.setTimeout((SESSION_POLLS / 2 + 120) * 1000);
  const id = (await seededJobs(request)).find((j) => j.total_hits === 12_480).request_id;
  await page.clock.install();
  await openJobs(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const counters = await cdp.send('Memory.getDOMCounters');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const wasm = await wasmBytes(page);
    return { nodes: counters.nodes, listeners: counters.jsEventListeners, heap: metrics.JSHeapUsedSize, wasm };
  };
  const poll = async () => {
    const before = (await simStats(request)).api_requests;
    await page.clock.runFor(5_000);
    await expect.poll(async () => (await simStats(request)).api_requests).toBeGreaterThan(before);
  };
  // Warm up: a few polls and one visit to a job's hits and back (wasm memory grows to hold a
  // page of hits once; the question is whether it keeps growing).
  const visit = async () => {
    await page.getByRole('link', { name: id, exact: true }).click();
    await expect(page.getByText(/Hits 1–1,000 of 12,480/)).toBeVisible();
    await page.getByRole('link', { name: 'Jobs', exact: true }).first().click();
    await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  };
  for (let i = 0; i < 5; i++) await poll();
  await visit();
  await poll();
  const first = await measure();
  for (let i = 0; i < SESSION_POLLS; i++) {
    await poll();
    if (i % 40 === 20) await visit();
  }
  const last = await measure();
  console.log(`long session: ${JSON.stringify({ first, last })}`);
  expect(last.nodes).toBeLessThanOrEqual(first.nodes * 1.1 + 100);
  expect(last.listeners).toBeLessThanOrEqual(first.listeners + 20);
  expect(last.heap).toBeLessThanOrEqual(first.heap * 1.3 + 2_000_000);
  // Wasm memory never shrinks; it may grow a little while pages are cached, then must stop.
  expect(last.wasm).toBeLessThanOrEqual(first.wasm * 1.25);
});
