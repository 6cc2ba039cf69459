// Types for the one helper we use from mailauth's internals: DMARC alignment by organisational domain
// (the public suffix list mailauth ships), so our "no DMARC record" rule aligns exactly as its DMARC does.
declare module 'mailauth/lib/tools' {
  export function getAlignment(
    fromDomain: string,
    domainList: (string | { domain: string })[],
    strict?: boolean,
  ): { domain: string } | false;
}
