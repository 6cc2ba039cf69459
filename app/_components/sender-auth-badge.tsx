// The sender verification badge on an inbound message: verified, unverified or failing, with what
// each check said on hover (and for screen readers in the title).
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';

export function SenderAuthBadge({ auth }: { auth: SenderAuth | null }) {
  if (!auth) return null;
  const failing = auth.dmarc === 'fail';
  const look = auth.verified
    ? 'bg-emerald-50 text-emerald-800 ring-emerald-200'
    : failing
      ? 'bg-red-50 text-red-800 ring-red-200'
      : 'bg-amber-50 text-amber-900 ring-amber-200';
  const word = auth.verified ? 'Verified sender' : failing ? 'Sender failed DMARC' : 'Unverified sender';
  const checks = [
    `DMARC ${auth.dmarc}${auth.dmarcPolicy ? ` (p=${auth.dmarcPolicy})` : ''}`,
    `SPF ${auth.spf.result}${auth.spf.domain ? ` (${auth.spf.domain})` : ''}`,
    ...(auth.dkim.length ? auth.dkim.map((d) => `DKIM ${d.result} (${d.domain})`) : ['DKIM none']),
    `ARC ${auth.arc}${auth.arcSealer ? ` (sealed by ${auth.arcSealer}${auth.arcTrusted ? ', trusted' : ''})` : ''}`,
    auth.method === 'authentication-results' ? `as reported by ${auth.authservId}` : '',
  ].filter(Boolean);
  return (
    <span
      data-testid="sender-auth"
      data-verified={auth.verified ? 'true' : 'false'}
      title={`${auth.summary}\n${checks.join(' · ')}`}
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${look}`}
    >
      {word}
    </span>
  );
}
