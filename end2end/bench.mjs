// cargo xtask bench: Joblens measured in Debian's Chromium against the simulator, each figure
// a median of repeated runs with min and max, and ratios to a plain JavaScript page measured in
// the same run. Prints a table and writes JSON (one object per figure). Exits non-zero only when
// it could not measure; a missed target is reported, not failed.
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const APP = process.env.JOBLENS_URL;
const BASELINE = process.env.JOBLENS_BASELINE_URL;
const DIST = process.env.JOBLENS_DIST;
const RUNS = Number(process.env.JOBLENS_BENCH_RUNS || 5);
const OUT = process.env.JOBLENS_BENCH_OUT || 'bench-results.json';
const TOKEN = process.env.JOBLENS_TOKEN || 'joblens-demo-token';

const figures = [];
function figure(name, unit, values, target, passes) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  figures.push({
    name,
    unit,
    median,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    target,
    pass: target == null ? null : passes(median, sorted),
  });
}

// 1. What ships.
const files = readdirSync(DIST).filter((f) => /\.(wasm|js)$/.test(f));
const bytes = Buffer.concat(files.map((f) => readFileSync(`${DIST}/${f}`)));
const kb = (n) => Math.round((n / 1024) * 10) / 10;
figure('shipped wasm + JS, raw', 'KB', [kb(bytes.length)], null);
figure('shipped wasm + JS, gzip -9', 'KB', [kb(gzipSync(bytes, { level: 9 }).length)], null);
const br = kb(brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
figure('shipped wasm + JS, brotli', 'KB', [br], '≤ 60', (m) => m <= 60);

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
async function connectedPage() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript((t) => {
    if (location.pathname.includes('/api/')) return;
    sessionStorage.setItem('joblens.token', t);
    window.__benchToken = t;
  }, TOKEN);
  return { context, page: await context.newPage() };
}
const mark = (page, name) =>
  page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name).then(() =>
    page.evaluate((n) => performance.getEntriesByName(n).at(-1).startTime, name),
  );

// 2. First load, on loopback.
const mounted = [];
const painted = [];
for (let i = 0; i < RUNS; i++) {
  const { context, page } = await connectedPage();
  await page.goto(APP);
  mounted.push(await mark(page, 'joblens:mounted'));
  painted.push(await mark(page, 'joblens:jobs-painted'));
  await context.close();
}
figure('navigation start → app mounted', 'ms', mounted, '≤ 120', (m) => m <= 120);
figure('navigation start → job table painted with data', 'ms', painted, '≤ 250', (m) => m <= 250);

// 3. A 1000-hit page: data in hand → painted, against the plain JavaScript page.
const jobs = await (await fetch(`${APP}api/v2/jobs`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
const big = jobs.data.jobs.requests.find((j) => j.total_hits === 100000).request_id;
const { context, page } = await connectedPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable');
await page.goto(`${APP}jobs/${big}?page=1`);
await mark(page, 'joblens:page-painted');
const switchOnce = async () => {
  const before = await page.evaluate(() => performance.getEntriesByName('joblens:page-painted').length);
  await page.keyboard.press('n');
  // The app's request budget (50 a minute) paces long runs of switches: wait for it.
  await page.waitForFunction((b) => performance.getEntriesByName('joblens:page-painted').length > b, before, { timeout: 120_000 });
  return page.evaluate(() => {
    const painted = performance.getEntriesByName('joblens:page-painted').at(-1).startTime;
    const data = performance.getEntriesByName('joblens:page-data').at(-1).startTime;
    return painted - data;
  });
};
await page.locator('body').click({ position: { x: 5, y: 5 } });
const appSwitch = [];
for (let i = 0; i < RUNS; i++) appSwitch.push(await switchOnce());
const baseSwitch = [];
for (let i = 0; i < RUNS; i++) {
  const { context: c2, page: p2 } = await connectedPage();
  await p2.goto(`${BASELINE}?api=${encodeURIComponent(APP.replace(/\/$/, ''))}&id=${big}&page=${i + 2}`);
  await mark(p2, 'baseline:page-painted');
  baseSwitch.push(await p2.evaluate(() =>
    performance.getEntriesByName('baseline:page-painted')[0].startTime - performance.getEntriesByName('baseline:page-data')[0].startTime));
  await c2.close();
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
figure('1000-hit page: data → painted (Joblens)', 'ms', appSwitch, null);
figure('1000-hit page: data → painted (plain JS baseline)', 'ms', baseSwitch, null);
figure('page switch, Joblens / baseline', 'ratio', [median(appSwitch) / median(baseSwitch)], '≤ 1.0', (m) => m <= 1.0);
figure('elements in the document, 1000-hit page shown', 'count',
  [await page.evaluate(() => document.getElementsByTagName('*').length)], '≤ 1400', (m) => m <= 1400);

// 4. Scrolling the 1000-row page: frame times.
const frames = await page.evaluate(async () => {
  const grid = document.querySelector('.grid-scroll');
  const deltas = [];
  let last = performance.now();
  for (let i = 0; i < 120; i++) {
    grid.scrollTop += 120;
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    deltas.push(now - last);
    last = now;
  }
  return deltas.slice(2);
});
figure('frame time while scrolling a 1000-hit page', 'ms', frames, 'none > 16.7', (_, s) => s[s.length - 1] <= 16.7);

// 5. Memory after 50 page switches against after the first.
const memory = async () => {
  await cdp.send('HeapProfiler.collectGarbage');
  const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  return m.JSHeapUsedSize + (await page.evaluate(() => window.__joblensWasmBytes()));
};
const first = await memory();
for (let i = 0; i < 50; i++) await switchOnce();
const after = await memory();
figure('JS heap + wasm memory growth after 50 page switches', '%', [((after - first) / first) * 100], '≤ 10', (m) => m <= 10);
await context.close();
await browser.close();

writeFileSync(OUT, JSON.stringify(figures, null, 2));
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('figure', 56)} ${pad('unit', 6)} ${pad('median', 9)} ${pad('min', 9)} ${pad('max', 9)} ${pad('target', 12)} result`);
for (const f of figures) {
  const r = (x) => (Math.round(x * 100) / 100).toString();
  const result = f.pass == null ? '' : f.pass ? 'met' : 'MISSED';
  console.log(`${pad(f.name, 56)} ${pad(f.unit, 6)} ${pad(r(f.median), 9)} ${pad(r(f.min), 9)} ${pad(r(f.max), 9)} ${pad(f.target ?? '', 12)} ${result}`);
}
console.log(`written: ${OUT}`);
