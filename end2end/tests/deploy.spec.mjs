// Static hosting: the sub-path build served by a real nginx with the generated configuration
// (`cargo xtask nginx-conf`), the API proxied on the same origin. `cargo xtask test` starts the
// nginx and sets JOBLENS_NGINX_URL.
import { statSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { DEMO_TOKEN, connect, resetSimulator, seededJobs } from './helpers.mjs';

const site = process.env.JOBLENS_NGINX_URL;
// The sub-path build nginx serves (xtask's SUBPATH_DIST).
const dist = new URL('../../target/dist-subpath', import.meta.url).pathname;

test.beforeEach(async ({ request }) => {
  test.skip(!site, 'JOBLENS_NGINX_URL is not set: run through cargo xtask test');
  await resetSimulator(request);
});

/** Records every CSP violation and console error the page reports. */
async function watch(page) {
  const problems = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

test('the app works from /tools/joblens/ behind nginx with a strict CSP and no violations', async ({ page, request }) => {
  const problems = await watch(page);
  const jobs = await seededJobs(request);
  const id = jobs.find((j) => j.total_hits === 1958).request_id;
  await page.goto(site);
  await connect(page);
  await expect(page.locator('table.jobs tbody tr[data-request-id]').first()).toBeVisible();
  await page.getByRole('link', { name: id, exact: true }).click();
  await expect(page).toHaveURL(`${site}jobs/${id}`);
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  // A deep link reloads through the SPA fallback.
  await page.reload();
  await connect(page);
  await expect(page.getByText('Hits 1–1,000 of 1,958')).toBeVisible();
  await page.getByRole('link', { name: 'Jobs' }).click();
  await expect(page).toHaveURL(site);
  expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
});

test('the explore worker starts from the sub-path under the strict CSP and answers', async ({ page, request }) => {
  const problems = await watch(page);
  const jobs = await seededJobs(request);
  const id = jobs.find((j) => j.total_hits === 1958).request_id;
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${site}jobs/${id}/explore?view=client&f=LogType%3AWindows`);
  await connect(page);
  await page.getByRole('button', { name: /^Explore all/ }).click();
  await expect(page.locator('.explore-progress__status')).toContainText('Every hit is loaded');
  await expect(page.locator('.chips__count')).toHaveText(/^[\d,]+ of 1,958 hits match$/);
  expect(workers).toEqual([`${site}joblens-explore_loader.js`]);
  // Its files change with each build under fixed names: revalidated, never cached for a year.
  for (const file of ['joblens-explore_loader.js', 'joblens-explore.js', 'joblens-explore_bg.wasm']) {
    const res = await request.get(`${site}${file}`);
    expect(res.status(), file).toBe(200);
    expect(res.headers()['cache-control'], file).toBe('no-cache');
  }
  expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
});

test('nginx sends the right caching, compression and security headers', async ({ request }) => {
  const index = await request.get(site);
  expect(index.status()).toBe(200);
  expect(index.headers()['cache-control']).toBe('no-cache');
  const csp = index.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).toContain('frame-ancestors http://127.0.0.1:');
  expect(csp).not.toContain('unsafe-inline');
  const config = await request.get(`${site}config.json`);
  expect(config.headers()['cache-control']).toBe('no-cache');
  const html = await index.text();
  const wasm = html.match(/href="([^"]+_bg\.wasm)"/)[1];
  expect(wasm.startsWith('/tools/joblens/')).toBe(true);
  // Every hashed file is sent as `cargo xtask dist` compressed it: brotli where the browser
  // takes it, else gzip, at the length of the file written beside it.
  const pages = html.match(/href: "([^"]+joblens-job_pages-[0-9a-f]{16}\.wasm)"/)[1];
  const js = html.match(/href="([^"]+joblens-[0-9a-f]{16}\.js)"/)[1];
  for (const file of [wasm, pages, js]) {
    const name = file.split('/').pop();
    for (const [accept, encoding, ext] of [['br, gzip', 'br', '.br'], ['gzip', 'gzip', '.gz']]) {
      const asset = await request.get(new URL(file, site).href, { headers: { 'Accept-Encoding': accept } });
      expect(asset.status(), file).toBe(200);
      expect(asset.headers()['content-encoding'], file).toBe(encoding);
      expect(Number(asset.headers()['content-length']), file).toBe(statSync(`${dist}/${name}${ext}`).size);
      expect(asset.headers()['cache-control'], file).toContain('immutable');
      expect(asset.headers()['content-security-policy'], file).toBe(csp);
    }
  }
  const asset = await request.get(new URL(wasm, site).href, { headers: { 'Accept-Encoding': 'br' } });
  expect(asset.headers()['content-type']).toBe('application/wasm');
  const deep = await request.get(`${site}jobs/AZanything`);
  expect(deep.status()).toBe(200);
  expect(await deep.text()).toContain('<base href="/tools/joblens/"');
  const api = await request.get(new URL('/api/v2/jobs', site).href, { headers: { Authorization: `Bearer ${DEMO_TOKEN}` } });
  expect(api.status()).toBe(200);
});
