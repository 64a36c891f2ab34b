import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '/work/main/end2end/chromium.mjs';
const APP='http://127.0.0.1:18600/', TOKEN='joblens-demo-token';
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await ctx.addInitScript((t)=>{ sessionStorage.setItem('joblens.token', t); }, TOKEN);
const page = await ctx.newPage();
const wasm = async () => ((await page.evaluate(() => window.__joblensWasmBytes()))/1e6).toFixed(2);
const jobs = await (await fetch(`${APP}api/v2/jobs`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
const big = jobs.data.jobs.requests.find((j) => j.total_hits === 100000).request_id;
await page.goto(`${APP}jobs/${big}?page=1`);
await page.waitForFunction(() => performance.getEntriesByName('joblens:page-painted').length > 0);
const grid = page.locator('.grid-scroll'); const out = [];
for (let i = 0; i <= 400; i++) { if (i % 100 === 0) out.push(`${i}:${await wasm()}`); await grid.evaluate((el, i) => { el.scrollTop = (i % 2) ? 20000 : 0; }, i); await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))); }
console.log(process.argv[2], 'scroll jumps', out.join(' '));
await browser.close();
