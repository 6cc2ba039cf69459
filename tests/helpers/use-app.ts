// The built app (`next start`) and a Chromium an e2e file shares: started together before its tests, stopped
// after them.
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { startApp, type AppServer } from './app-server';
import { launchBrowser } from './browser';
import { forwardTo, useStarted } from './use-started';

/** `env`: extra environment for the app (e.g. INBOUND_DOMAIN). */
export function useAppAndBrowser(env: Record<string, string> = {}): { app: AppServer; browser: Browser } {
  const both = useStarted(
    async () => {
      const [app, browser] = await Promise.allSettled([
        startApp({ databaseUrl: inject('databaseUrl'), env }),
        launchBrowser(),
      ]);
      if (app.status === 'fulfilled' && browser.status === 'fulfilled')
        return { app: app.value, browser: browser.value };
      if (app.status === 'fulfilled') await app.value.stop();
      if (browser.status === 'fulfilled') await browser.value.close();
      throw app.status === 'rejected' ? app.reason : (browser as PromiseRejectedResult).reason;
    },
    async ({ app, browser }) => {
      await browser.close();
      await app.stop();
    },
  );
  return { app: forwardTo(() => both.app), browser: forwardTo(() => both.browser) };
}
