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
  await page.getByLabel('Token').fill(token);
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
