// Optional scoring by rspamd (RSPAMD_URL) at ingestion, for mailboxes whose server adds no spam
// headers: the raw message is POSTed to rspamd's /checkv2 before the tenant transaction opens, with a
// timeout. Its action (reject, add header, rewrite subject) is the verdict, or its score against the
// mailbox's threshold when one is set. rspamd unreachable or slow: no verdict (the message goes on).
import type { SpamSettings, SpamVerdict } from './spam-verdict';

const TIMEOUT_MS = 10_000;
const SPAM_ACTIONS = new Set(['reject', 'add header', 'rewrite subject']);

export async function rspamdVerdict(
  raw: Buffer,
  opts: { url: string; settings: SpamSettings; timeoutMs?: number },
): Promise<SpamVerdict | null> {
  try {
    const res = await fetch(new URL('/checkv2', opts.url), {
      method: 'POST',
      body: new Uint8Array(raw),
      headers: { 'content-type': 'message/rfc822' },
      signal: AbortSignal.timeout(opts.timeoutMs ?? TIMEOUT_MS),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as { action?: string; score?: number; required_score?: number };
    const score = typeof body.score === 'number' ? body.score : undefined;
    const threshold = opts.settings.spamScoreThreshold;
    if (threshold !== null && score !== undefined)
      return { spam: score >= threshold, source: 'rspamd', detail: `score ${score} (threshold ${threshold})`, score };
    const action = String(body.action ?? '').toLowerCase();
    return {
      spam: SPAM_ACTIONS.has(action),
      source: 'rspamd',
      detail: `${action || 'no action'}${score !== undefined ? `, score ${score}` : ''}`,
      score,
    };
  } catch {
    return null;
  }
}
