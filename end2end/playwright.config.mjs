// End-to-end tests: the built dist/ served by the real simulator process, driven in Debian's
// Chromium. `cargo xtask test` sets JOBLENS_SIM, JOBLENS_DIST and JOBLENS_PORT.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const port = Number(process.env.JOBLENS_PORT || 8091);
const sim = process.env.JOBLENS_SIM || '../target/release/joblens-sim';
const dist = process.env.JOBLENS_DIST || '../dist';
// The example admin portal, on its own origin, for the embedding tests.
const portalPort = Number(process.env.JOBLENS_PORTAL_PORT || port + 1);
// A simulator answering in the `variant` dialect, for the tests of servers unlike the reference.
const variantPort = Number(process.env.JOBLENS_VARIANT_PORT || port + 2);

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // One simulator holds the state the tests share; they reset it, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'off',
  },
  webServer: [{
    command: [
      sim,
      `--dist ${dist}`,
      `--addr 127.0.0.1:${port}`,
      '--admin',
      '--no-rate-limit',
      '--quiet',
      "--cors-origin '*'",
      '--token joblens-demo-token',
      '--token e2e-reader=jobs.READ',
    ].join(' '),
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  }, {
    command: [
      sim,
      `--dist ${dist}`,
      `--addr 127.0.0.1:${variantPort}`,
      '--admin',
      '--no-rate-limit',
      '--quiet',
      '--dialect variant',
      '--token joblens-demo-token',
    ].join(' '),
    url: `http://127.0.0.1:${variantPort}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  }, {
    command: `${sim} --dist ../examples/portal --addr 127.0.0.1:${portalPort} --quiet --token unused-portal-token`,
    url: `http://127.0.0.1:${portalPort}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  }],
});
