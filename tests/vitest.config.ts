import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './helpers/longest-first-sequencer';

const root = path.resolve(__dirname, '..');
const alias = { '@': root };
const e2e = {
  globalSetup: ['tests/helpers/global-setup.ts'],
  setupFiles: ['tests/helpers/setup-env.ts'],
  testTimeout: 180_000,
  hookTimeout: 300_000,
  pool: 'forks' as const,
  // What a page shows after a server action can take seconds when two files share the machine: expect.poll waits
  // up to 15 s (its default is 1 s). Only a failure takes longer; no test asserts a latency through it.
  expect: { poll: { timeout: 15_000 } },
};
// e2e files that may run two at a time: each has its own app, browser, mail server and tenant, and none asserts a
// latency. Any other e2e file (a new one too) runs alone on the machine, after these.
const pairedE2e = [
  'account-recovery',
  'accounts',
  'api-mailbox-settings',
  'case-page',
  'cli-and-api',
  'mailbox-wizard-checks',
  'oauth-mailbox',
  'review-queue',
  'rules-simulator-limits',
  'rules-ui',
  'runner-app',
  'tenant-isolation',
  'triage',
  'webhooks',
  'workspace-journey',
  'workspace-mailbox-page',
  'xss-corpus',
].map((name) => `tests/e2e/${name}.test.ts`);

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          setupFiles: ['tests/helpers/setup-env.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          setupFiles: ['tests/helpers/setup-env.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e-paired',
          include: pairedE2e,
          ...e2e,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: pairedE2e,
          ...e2e,
          // Latency assertions (a page answers within 1 s, a live update within 2 s): alone on the machine.
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
