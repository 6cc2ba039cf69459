// Says a TLS failure in words a mailbox owner can act on, from Node's error code (never from server text).

const certificateProblems: Record<string, (host: string) => string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: () => "The server's TLS certificate is self-signed, so its identity cannot be verified.",
  SELF_SIGNED_CERT_IN_CHAIN: () =>
    "The server's TLS certificate chain ends in a self-signed certificate that is not trusted.",
  CERT_HAS_EXPIRED: () => "The server's TLS certificate has expired.",
  CERT_NOT_YET_VALID: () => "The server's TLS certificate is not valid yet (check the server's clock).",
  ERR_TLS_CERT_ALTNAME_INVALID: (host) => `The server's TLS certificate is not issued for ${host} (hostname mismatch).`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: () =>
    "The server's TLS certificate is signed by an unknown authority (or the chain is incomplete).",
  UNABLE_TO_GET_ISSUER_CERT: () =>
    "The server's TLS certificate is signed by an unknown authority (or the chain is incomplete).",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: () =>
    "The server's TLS certificate is signed by an unknown authority (or the chain is incomplete).",
  CERT_REVOKED: () => "The server's TLS certificate has been revoked.",
  CERT_SIGNATURE_FAILURE: () => "The server's TLS certificate has an invalid signature.",
  CERT_UNTRUSTED: () => "The server's TLS certificate is not trusted.",
  CERT_REJECTED: () => "The server's TLS certificate was rejected.",
  EE_KEY_TOO_SMALL: () => "The server's TLS certificate uses a key that is too weak.",
  CA_KEY_TOO_SMALL: () => "The server's TLS certificate chain uses a key that is too weak.",
  CA_MD_TOO_WEAK: () => "The server's TLS certificate uses a signature algorithm that is too weak.",
};

/** A sentence for a TLS error, or undefined when the error is not about TLS. */
export function describeTlsError(err: unknown, host: string): string | undefined {
  const e = err as { code?: string; message?: string } | undefined;
  const code = e?.code ?? '';
  const describe = certificateProblems[code];
  if (describe) return describe(host);
  const message = e?.message ?? '';
  if (
    /wrong version number|packet length too long|unknown protocol|http request/i.test(message) ||
    code === 'ERR_SSL_WRONG_VERSION_NUMBER'
  ) {
    return 'The server did not answer with TLS on this port. Check the port and the security setting (TLS or STARTTLS).';
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /ssl|tls|certificate|handshake/i.test(message)) {
    return 'The TLS handshake with the server failed (no common protocol version or cipher, or a broken certificate).';
  }
  return undefined;
}
