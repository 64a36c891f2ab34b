// Takes a screenshot of the running app, as a person would see it, in Debian's Chromium.
// usage: node screenshot.mjs URL OUT.png [light|dark] [TOKEN]
// The token is typed into the page's Token field, never put in the URL.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const [url, out, scheme = 'light', token] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node screenshot.mjs URL OUT.png [light|dark] [TOKEN]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: scheme });
page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
await page.goto(url);
if (token) {
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('table').first().waitFor();
}
await page.screenshot({ path: out, fullPage: true });
await browser.close();
