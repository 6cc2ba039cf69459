// What sender verification found for one inbound message, as stored with it (case_messages.sender_auth,
// ignored_messages.sender_auth) and shown as a badge. One rule decides "verified"
// (docs/architecture.md, invariant 11): DMARC passes, or the From domain publishes no DMARC record and
// SPF or DKIM passes for a domain aligned with it (same organisational domain), or a forwarder the
// mailbox trusts vouches for it with a valid ARC chain (RFC 8617) when DMARC fails after forwarding.

export type AuthResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

export type SenderAuth = {
  /** checked: we ran SPF/DKIM/DMARC/ARC; authentication-results: the trusted receiving server's header. */
  method: 'checked' | 'authentication-results';
  /** The trusted server's authserv-id (authentication-results only). */
  authservId?: string;
  fromDomain: string | null;
  dmarc: AuthResult;
  /** The DMARC policy published for the From domain (p= or sp=), when there is a record. */
  dmarcPolicy?: string;
  spf: { result: AuthResult; domain: string | null; aligned: boolean };
  dkim: { result: AuthResult; domain: string; aligned: boolean }[];
  arc: AuthResult;
  /** The d= of the latest ARC-Seal, when the chain validates (method 'checked'). */
  arcSealer?: string | null;
  /**
   * A trusted forwarder vouches (the mailbox trusts `arcSealer`, the chain validates and the sealer's own
   * check, its ARC-Authentication-Results, found DMARC passing): DMARC failing here does not count against it.
   */
  arcTrusted?: boolean;
  verified: boolean;
  /** One line for people: why it is or is not verified. */
  summary: string;
};

/** How a mailbox applies the verdict: enforce (hold / no acknowledgement), record (badge only), off (no checks). */
export type SenderPolicy = 'enforce' | 'record' | 'off';

const KNOWN: ReadonlySet<string> = new Set([
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
]);

/** A result word as found in a library answer or a header ("temperr" is an old spelling). */
export function authResult(value: unknown): AuthResult {
  const v = String(value ?? 'none')
    .trim()
    .toLowerCase();
  if (v === 'temperr') return 'temperror';
  if (v === 'permerr' || v === 'hardfail') return v === 'hardfail' ? 'fail' : 'permerror';
  return (KNOWN.has(v) ? v : 'none') as AuthResult;
}

/** The verdict and its one-line summary from the parts. */
export function decideSenderAuth(parts: Omit<SenderAuth, 'verified' | 'summary'>): SenderAuth {
  const alignedPass = [
    ...(parts.spf.result === 'pass' && parts.spf.aligned ? [`SPF (${parts.spf.domain})`] : []),
    ...parts.dkim.filter((d) => d.result === 'pass' && d.aligned).map((d) => `DKIM (${d.domain})`),
  ];
  const from = parts.fromDomain ?? 'the sender';
  let verified = false;
  let summary: string;
  if (!parts.fromDomain) summary = 'Unverified: the message has no single From address.';
  else if (parts.dmarc === 'pass') {
    verified = true;
    summary = `Verified: DMARC passes for ${from}${alignedPass.length ? ` (${alignedPass.join(', ')})` : ''}.`;
  } else if (parts.arcTrusted && (parts.dmarc === 'fail' || (parts.dmarc === 'none' && !alignedPass.length))) {
    verified = true;
    summary =
      `Verified: forwarded by ${parts.arcSealer}, a trusted ARC sealer whose check found DMARC passing for ` +
      `${from} (DMARC ${parts.dmarc === 'fail' ? 'fails' : 'has no record'} here after forwarding).`;
  } else if (parts.dmarc === 'fail')
    summary = `Unverified: DMARC fails for ${from}${parts.dmarcPolicy ? ` (policy ${parts.dmarcPolicy})` : ''}.`;
  else if (parts.dmarc === 'temperror' || parts.dmarc === 'permerror')
    summary = `Unverified: the DMARC check for ${from} could not be completed (${parts.dmarc}).`;
  else if (alignedPass.length) {
    verified = true;
    summary = `Verified: ${alignedPass.join(', ')} passes for ${from}, which publishes no DMARC record.`;
  } else summary = `Unverified: ${from} publishes no DMARC record and neither SPF nor DKIM passes for it.`;
  return { ...parts, verified, summary };
}

/** The result when verification could not finish in time (DNS too slow): unverified, releasable. */
export function timedOutSenderAuth(fromDomain: string | null, method: SenderAuth['method']): SenderAuth {
  return {
    method,
    fromDomain,
    dmarc: 'temperror',
    spf: { result: 'temperror', domain: null, aligned: false },
    dkim: [],
    arc: 'none',
    verified: false,
    summary: `Unverified: the checks for ${fromDomain ?? 'the sender'} did not finish in time.`,
  };
}

/** The domain of an address, lower-cased; null without one. */
export function domainOf(address: string | undefined | null): string | null {
  const at = address?.lastIndexOf('@') ?? -1;
  return address && at >= 0 ? address.slice(at + 1).toLowerCase() || null : null;
}
