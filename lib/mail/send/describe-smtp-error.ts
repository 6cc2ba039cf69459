// What went wrong talking to an outbound (SMTP) server, in our own words: the server's text is never
// passed on (it can name internal hosts), only its numeric reply and enhanced status codes.
import { isOutboundGuardError } from '@/lib/net/outbound-guard';

export type SmtpFailure = {
  code: 'private-address' | 'dns' | 'refused' | 'timeout' | 'tls' | 'auth' | 'recipient' | 'rejected' | 'protocol';
  message: string;
  /** 4xx replies and connection trouble may pass; a 5xx refusal of the message will not. */
  permanent: boolean;
};

type NodemailerError = {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
  command?: unknown;
};

function replyCodes(e: NodemailerError): string {
  const reply = typeof e.responseCode === 'number' ? String(e.responseCode) : '';
  const enhanced = typeof e.response === 'string' ? /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(e.response)?.[1] : undefined;
  return [reply, enhanced].filter(Boolean).join(' ');
}

export function describeSmtpError(err: unknown, where: { host: string; port: number }): SmtpFailure {
  if (isOutboundGuardError(err)) return { code: err.reason, message: err.message, permanent: false };
  const e = (err ?? {}) as NodemailerError;
  const code = typeof e.code === 'string' ? e.code : '';
  const text = typeof e.message === 'string' ? e.message : '';
  const reply = replyCodes(e);
  const replied = reply ? ` (${reply})` : '';
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
  const server = `${where.host}:${where.port}`;

  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return {
      code: 'auth',
      message: `The outbound server ${server} did not accept the username and password${replied}.`,
      permanent: false,
    };
  }
  if (code === 'EENVELOPE') {
    return {
      code: 'recipient',
      message: `The outbound server ${server} refused the sender or recipient${replied}.`,
      permanent,
    };
  }
  if (code === 'EMESSAGE' || (typeof e.responseCode === 'number' && e.responseCode >= 400)) {
    return { code: 'rejected', message: `The outbound server ${server} refused the message${replied}.`, permanent };
  }
  if (code === 'ETLS' || /CERT|SSL|TLS|self[- ]signed/i.test(text)) {
    const why = /self[- ]signed/i.test(text)
      ? ': its certificate is self-signed'
      : /expired/i.test(text)
        ? ': its certificate has expired'
        : /altname|hostname/i.test(text)
          ? ': its certificate names another host'
          : '';
    return {
      code: 'tls',
      message: `A secure (TLS) connection to the outbound server ${server} failed${why}.`,
      permanent: false,
    };
  }
  if (/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/.test(`${code} ${text}`)) {
    return {
      code: 'refused',
      message: `Nothing accepted the connection to the outbound server ${server}.`,
      permanent: false,
    };
  }
  if (code === 'ETIMEDOUT' || /timeout|timed out/i.test(text)) {
    return { code: 'timeout', message: `The outbound server ${server} did not answer in time.`, permanent: false };
  }
  if (code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(text)) {
    return { code: 'dns', message: `The outbound server name ${where.host} could not be found.`, permanent: false };
  }
  return {
    code: 'protocol',
    message: `Sending through the outbound server ${server} failed${replied}.`,
    permanent: false,
  };
}
