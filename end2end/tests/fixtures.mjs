// Every test's page fails the test if the app panics or throws: a panic in wasm must never go
// unnoticed because the assertions before it happened to pass.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  page: async ({ page }, use) => {
    const crashes = [];
    page.on('console', (m) => m.text().includes('panicked') && crashes.push(m.text()));
    page.on('pageerror', (e) => crashes.push(e.message));
    await use(page);
    expect(crashes, 'the app panicked or threw an uncaught error').toEqual([]);
  },
});

export { expect };
