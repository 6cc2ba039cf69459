// Sender verification at ingestion (docs/architecture.md, invariant 11): SPF, DKIM, DMARC and ARC
// with mailauth, or the trusted receiving server's Authentication-Results. It asks DNS, so the sync
// run calls it before its tenant transaction opens, never inside one, and it has a deadline.
//
//   trusted authserv-id set → its topmost Authentication-Results (no DNS)
//   otherwise               → mailauth: DKIM signatures, SPF for the client address and MAIL FROM of
//                             the topmost Received header, ARC chain, DMARC for the From domain
//   past the deadline       → unverified ("did not finish in time"), releasable like any other
import { authenticate } from 'mailauth';
import { isAligned } from './aligned';
import type { DnsResolver } from './dns-resolver';
import { authResult, decideSenderAuth, timedOutSenderAuth, type SenderAuth } from './sender-auth';
import { trustedAuthenticationResults } from './trusted-authentication-results';

export type VerifyOptions = {
  resolver: DnsResolver;
  timeoutMs: number;
  /** Trust this receiving server's Authentication-Results instead of checking. */
  trustedAuthservId?: string | null;
};

export async function verifySender(raw: Buffer, fromAddress: string | undefined, opts: VerifyOptions) {
  const fromDomain = domainOf(fromAddress);
  if (opts.trustedAuthservId) return trustedAuthenticationResults(raw, opts.trustedAuthservId, fromDomain);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<SenderAuth>((resolve) => {
    timer = setTimeout(() => resolve(timedOutSenderAuth(fromDomain, 'checked')), opts.timeoutMs);
  });
  try {
    return await Promise.race([check(raw, fromDomain, opts.resolver), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(raw: Buffer, fromDomain: string | null, resolver: DnsResolver): Promise<SenderAuth> {
  const result = await authenticate(withoutUnsignedBody(raw), {
    resolver: resolver as never,
    trustReceived: true,
    disableBimi: true,
    mta: 'caseflow',
  }).catch(() => null);
  if (!result) return timedOutSenderAuth(fromDomain, 'checked');
  const headerFrom = result.dkim.headerFrom;
  // DMARC's From domain: exactly one address, else nothing to align with.
  const domain = Array.isArray(headerFrom) && headerFrom.length === 1 ? domainOf(headerFrom[0]) : fromDomain;
  const spfRan = result.spf && result.spf['client-ip'] !== undefined && result.spf.domain !== 'undefined';
  const spfDomain = spfRan ? (result.spf as { domain?: string }).domain || null : null;
  const dmarc = result.dmarc || null;
  return decideSenderAuth({
    method: 'checked',
    fromDomain: domain,
    dmarc: dmarc ? authResult(dmarc.status?.result) : 'none',
    dmarcPolicy: (dmarc as { policy?: string } | null)?.policy || undefined,
    spf: {
      result: spfRan ? authResult(result.spf && result.spf.status?.result) : 'none',
      domain: spfDomain,
      aligned: isAligned(domain, spfDomain),
    },
    dkim: (result.dkim.results ?? [])
      .filter((r) => r.signingDomain)
      .map((r) => ({
        result: authResult(r.status?.result),
        domain: r.signingDomain.toLowerCase(),
        aligned: r.status?.result === 'pass' && isAligned(domain, r.signingDomain),
      })),
    arc: result.arc ? authResult(result.arc.status?.result) : 'none',
  });
}

/**
 * Only DKIM and ARC signatures read the body. Without either, the header section alone gives the same
 * answer (SPF reads the Received header and MAIL FROM, DMARC the From), without hashing a large body.
 */
function withoutUnsignedBody(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.length;
  const header = raw.subarray(0, end);
  return /^(dkim-signature|arc-seal|arc-message-signature)[ \t]*:/im.test(header.toString('latin1')) ? raw : header;
}

function domainOf(address: string | undefined | null): string | null {
  const at = address?.lastIndexOf('@') ?? -1;
  return address && at >= 0 ? address.slice(at + 1).toLowerCase() || null : null;
}
