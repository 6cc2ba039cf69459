// The one Inngest client. Used only when Inngest is configured (lib/env.ts inngestConfigured());
// otherwise the in-process runner drives the same lib/ functions.
import { Inngest } from 'inngest';
import { parseBooleanText } from '@/lib/boolean-text';
import { env } from '@/lib/env';

/** INNGEST_DEV: "1"/"true" → dev server at its default address; a URL → the dev server there. */
function devServerUrl(): string | undefined {
  const dev = env.INNGEST_DEV;
  return dev && /^https?:\/\//i.test(dev) ? dev : undefined;
}

/** Always an answer, so the SDK never falls back to its own snapshot of process.env. */
function devMode(): boolean {
  const dev = env.INNGEST_DEV;
  return Boolean(dev) && parseBooleanText(dev!) !== false;
}

// Getters, not values: the SDK reads its options when it first needs them, so importing this module
// (e.g. while `next build` collects the /api/inngest route) neither parses the environment nor
// generates local secrets.
export const inngest = new Inngest({
  id: 'caseflow',
  get eventKey() {
    return env.INNGEST_EVENT_KEY;
  },
  get signingKey() {
    return env.INNGEST_SIGNING_KEY;
  },
  get baseUrl() {
    return env.INNGEST_BASE_URL ?? devServerUrl();
  },
  get isDev() {
    return devMode();
  },
});
