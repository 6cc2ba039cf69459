// Sender verification by the receiving server's word (RFC 8601): when a mailbox names its MTA's
// authserv-id, the topmost Authentication-Results header with that id is the verdict. Only the topmost
// counts: anything below it was there before our server saw the message, and a sender can write
// "Authentication-Results: mx.example; dmarc=pass" into their own mail. No DNS is asked.
//
//   dmarc=pass                                    → verified
//   dmarc=fail / temperror / permerror            → unverified
//   no dmarc (or none) + aligned spf or dkim pass → verified (smtp.mailfrom / header.d or header.i)
//   no header with that authserv-id               → unverified, "no Authentication-Results from <id>"
import { attachedHeaderSection, headerValuesIn } from '../attached-headers';
import { isAligned } from './aligned';
import { authResult, decideSenderAuth, type AuthResult, type SenderAuth } from './sender-auth';

type MethodResult = { method: string; result: AuthResult; props: Map<string, string> };

export function trustedAuthenticationResults(raw: Buffer, authservId: string, fromDomain: string | null): SenderAuth {
  const wanted = authservId.trim().toLowerCase();
  const header = headerValuesIn(attachedHeaderSection(raw), 'authentication-results')
    .map(stripComments)
    .find((value) => serverId(value) === wanted);
  if (!header) {
    return {
      method: 'authentication-results',
      authservId,
      fromDomain,
      dmarc: 'none',
      spf: { result: 'none', domain: null, aligned: false },
      dkim: [],
      arc: 'none',
      verified: false,
      summary: `Unverified: no Authentication-Results from ${authservId} on this message.`,
    };
  }
  const results = methodResults(header);
  const first = (method: string) => results.find((r) => r.method === method);
  const spf = first('spf');
  const spfDomain = spf ? domainOf(spf.props.get('smtp.mailfrom') ?? spf.props.get('smtp.helo')) : null;
  const dmarc = first('dmarc');
  return decideSenderAuth({
    method: 'authentication-results',
    authservId,
    fromDomain: fromDomain ?? domainOf(dmarc?.props.get('header.from')),
    dmarc: dmarc?.result ?? 'none',
    dmarcPolicy: dmarc?.props.get('policy.published-domain-policy') ?? undefined,
    spf: { result: spf?.result ?? 'none', domain: spfDomain, aligned: isAligned(fromDomain, spfDomain) },
    dkim: results
      .filter((r) => r.method === 'dkim')
      .map((r) => {
        const domain = domainOf(r.props.get('header.d') ?? r.props.get('header.i')) ?? '';
        return { result: r.result, domain, aligned: isAligned(fromDomain, domain) };
      }),
    arc: first('arc')?.result ?? 'none',
  });
}

/** The authserv-id: the first token, before the first ';' (an optional version number follows it). */
function serverId(value: string): string {
  return (value.split(';')[0] ?? '').trim().split(/\s+/)[0].toLowerCase();
}

/** "method=result prop=value …" clauses after the authserv-id. */
function methodResults(value: string): MethodResult[] {
  return value
    .split(';')
    .slice(1)
    .flatMap((clause) => {
      const words = clause.trim().split(/\s+/).filter(Boolean);
      const head = /^([a-z0-9-]+)(?:\/[0-9]+)?=([a-z]+)$/i.exec(words[0] ?? '');
      if (!head) return [];
      const props = new Map<string, string>();
      for (const w of words.slice(1)) {
        const eq = w.indexOf('=');
        if (eq > 0) props.set(w.slice(0, eq).toLowerCase(), w.slice(eq + 1).replace(/^"|"$/g, ''));
      }
      return [{ method: head[1].toLowerCase(), result: authResult(head[2]), props }];
    });
}

/** Removes RFC 5322 comments "( … )", nested ones included. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  for (const ch of value) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

/** The domain of "user@domain", "@domain" or "domain". */
function domainOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  const at = v.lastIndexOf('@');
  const domain = at >= 0 ? v.slice(at + 1) : v;
  return domain || null;
}
