// The receiving server's spam verdict, read from the headers it added: SpamAssassin, rspamd and
// Microsoft 365 / Exchange Online Protection. Only the topmost instance of each header counts (the one
// our server wrote; filters replace or add theirs on top). Only a verdict of "spam" acts: a sender who
// writes "X-Spam-Flag: NO" into their own mail gains nothing, one who writes "YES" only holds their own.
//
//   X-Spam-Flag: YES                                   → spam (SpamAssassin)
//   X-Spam-Status: Yes, score=7.3 required=5.0 …       → spam; its score counts against a threshold
//   X-Spam-Score / X-Rspamd-Score / X-Spamd-Result     → a score ("default: True [12.3 / 15.0]")
//   X-Rspamd-Action: reject | add header | rewrite subject → spam (rspamd); X-Spam: Yes → spam
//   X-MS-Exchange-Organization-SCL: N (N ≥ the mailbox's SCL threshold, default 5) → spam
//   X-Forefront-Antispam-Report: …;SFV:SPM;… or SCL:N  → spam
//
// With a score threshold set, a message whose headers carry a score is spam when the score reaches it
// (the server's own yes/no is then not used); without a score the server's verdict still counts.
import { attachedHeaderSection, headerValuesIn } from '../attached-headers';

export type SpamSettings = { spamFilter: boolean; spamScoreThreshold: number | null; spamSclThreshold: number };

export type SpamVerdict = {
  spam: boolean;
  /** The header (or "rspamd") that decided, e.g. "X-Spam-Flag", and what it said. */
  source: string;
  detail: string;
  score?: number;
};

const SPAM_ACTIONS = new Set(['reject', 'add header', 'rewrite subject']);

export function spamVerdictFromHeaders(raw: Buffer, settings: SpamSettings): SpamVerdict | null {
  if (!settings.spamFilter) return null;
  const section = attachedHeaderSection(raw);
  const top = (name: string) => headerValuesIn(section, name.toLowerCase())[0];
  const verdicts: SpamVerdict[] = [];

  // A score, wherever a filter wrote one: it decides when the mailbox has a threshold.
  const status = top('X-Spam-Status');
  const scored = [
    ['X-Spam-Status', status ? /\bscore=(-?[0-9.]+)/i.exec(status)?.[1] : undefined],
    ['X-Spam-Score', top('X-Spam-Score')],
    ['X-Rspamd-Score', top('X-Rspamd-Score')],
    ['X-Spamd-Result', /\[\s*(-?[0-9.]+)\s*\//.exec(top('X-Spamd-Result') ?? '')?.[1]],
  ]
    .map(([source, value]) => ({ source: source!, score: value === undefined ? NaN : Number.parseFloat(value) }))
    .find((s) => Number.isFinite(s.score));
  if (settings.spamScoreThreshold !== null && scored) {
    return {
      spam: scored.score >= settings.spamScoreThreshold,
      source: scored.source,
      detail: `score ${scored.score} (threshold ${settings.spamScoreThreshold})`,
      score: scored.score,
    };
  }

  if (/^yes\b/i.test(top('X-Spam-Flag') ?? '')) verdicts.push({ spam: true, source: 'X-Spam-Flag', detail: 'YES' });
  if (status && /^yes\b/i.test(status))
    verdicts.push({ spam: true, source: 'X-Spam-Status', detail: status.slice(0, 200), score: scored?.score });
  const action = top('X-Rspamd-Action')?.toLowerCase().trim();
  if (action && SPAM_ACTIONS.has(action)) verdicts.push({ spam: true, source: 'X-Rspamd-Action', detail: action });
  if (/^yes\b/i.test(top('X-Spam') ?? '')) verdicts.push({ spam: true, source: 'X-Spam', detail: 'Yes' });

  const scl = Number.parseInt(top('X-MS-Exchange-Organization-SCL') ?? '', 10);
  if (Number.isFinite(scl) && scl >= settings.spamSclThreshold && scl >= 0)
    verdicts.push({ spam: true, source: 'X-MS-Exchange-Organization-SCL', detail: `SCL ${scl}` });
  const forefront = top('X-Forefront-Antispam-Report');
  if (forefront) {
    const fields = new Map(
      forefront.split(';').map((f) => {
        const colon = f.indexOf(':');
        return [
          f.slice(0, colon).trim().toUpperCase(),
          f
            .slice(colon + 1)
            .trim()
            .toUpperCase(),
        ] as const;
      }),
    );
    const fScl = Number.parseInt(fields.get('SCL') ?? '', 10);
    if (fields.get('SFV') === 'SPM')
      verdicts.push({ spam: true, source: 'X-Forefront-Antispam-Report', detail: 'SFV:SPM' });
    else if (Number.isFinite(fScl) && fScl >= settings.spamSclThreshold && fScl >= 0)
      verdicts.push({ spam: true, source: 'X-Forefront-Antispam-Report', detail: `SCL ${fScl}` });
  }
  return verdicts[0] ?? null;
}
