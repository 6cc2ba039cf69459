'use client';
// A button's server call (test the connection, confirm the import, start an authorization) run as a
// transition: `pending` while it runs, and the sentence it failed with, if any. Each run starts clean.
import { useState, useTransition } from 'react';

export function useErrorTransition() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  /** `work` answers the error to show, or nothing when it went well. */
  const run = (work: () => Promise<string | null | undefined | void>) =>
    startTransition(async () => {
      setError(null);
      const failed = await work();
      if (failed) setError(failed);
    });
  return { pending, error, run };
}
