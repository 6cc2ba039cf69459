// Sender verification at ingestion (docs/architecture.md, invariant 11): SPF, DKIM, DMARC and ARC
// with mailauth, or the trusted receiving server's Authentication-Results. It asks DNS, so the sync
// run calls it before its tenant transaction opens, never inside one, and it has a deadline.
//
//   trusted authserv-id set → its topmost Authentication-Results (no DNS)
//   otherwise               → mailauth: DKIM signatures, SPF for the client address and MAIL FROM of
//                             the topmost Received header, ARC chain, DMARC for the From domain;
//                             a valid ARC chain sealed last by one of the mailbox's trusted ARC sealers,
//                             whose own check found DMARC passing, vouches for forwarded mail
//   past the deadline       → unverified ("did not finish in time"), releasable like any other
import { authenticate } from 'mailauth';
import { isAligned } from './aligned';
import type { DnsResolver } from './dns-resolver';
import { authResult, decideSenderAuth, domainOf, timedOutSenderAuth, type SenderAuth } from './sender-auth';
import { trustedAuthenticationResults } from './trusted-authentication-results';

export type VerifyOptions = {
  resolver: DnsResolver;
  timeoutMs: number;
  /** Trust this receiving server's Authentication-Results instead of checking. */
  trustedAuthservId?: string | null;
  /** ARC sealers (domains, subdomains included) whose valid chain vouches for forwarded mail. */
  trustedArcSealers?: string[];
};

export async function verifySender(raw: Buffer, fromAddress: string | undefined, opts: VerifyOptions) {
  const fromDomain = domainOf(fromAddress);
  if (opts.trustedAuthservId) return trustedAuthenticationResults(raw, opts.trustedAuthservId, fromDomain);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<SenderAuth>((resolve) => {
    timer = setTimeout(() => resolve(timedOutSenderAuth(fromDomain, 'checked')), opts.timeoutMs);
  });
  try {
    return await Promise.race([check(raw, fromDomain, opts.resolver, opts.trustedArcSealers ?? []), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(
  raw: Buffer,
  fromDomain: string | null,
  resolver: DnsResolver,
  trustedSealers: string[],
): Promise<SenderAuth> {
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
  const arc = arcVerdict((result.arc || null) as unknown as ArcAnswer, trustedSealers);
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
    arcSealer: arc.sealer,
    arcTrusted: arc.trusted,
  });
}

type ArcAnswer = {
  status?: { result?: string };
  signature?: { signingDomain?: string } | false;
  authenticationResults?: { dmarc?: { result?: string } };
  chain?: { 'arc-seal'?: { parsed?: { d?: { value?: string } } } }[];
} | null;

/** Who sealed a valid chain last, and whether this mailbox trusts them to vouch (their AAR says dmarc=pass). */
function arcVerdict(arc: ArcAnswer, trustedSealers: string[]): { sealer: string | null; trusted: boolean } {
  if (!arc || arc.status?.result !== 'pass') return { sealer: null, trusted: false };
  const sealDomain = arc.chain?.at(-1)?.['arc-seal']?.parsed?.d?.value;
  const sealer = (sealDomain || (arc.signature ? arc.signature.signingDomain : '') || '').toLowerCase() || null;
  const trusted =
    sealer !== null &&
    trustedSealers.some((t) => sealer === t || sealer.endsWith(`.${t}`)) &&
    String(arc.authenticationResults?.dmarc?.result ?? '').toLowerCase() === 'pass';
  return { sealer, trusted };
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
