// The header section of a returned message (message/rfc822, text/rfc822-headers) as text: bounces
// quote our original's headers there, and complaint formats mark the reported message there.
import { decodeEightBit } from './decode-header';

const SCAN_BYTES = 256 * 1024;

/** Unfolded header section of an attached message, read from at most SCAN_BYTES. */
export function attachedHeaderSection(content: Buffer): string {
  const text = decodeEightBit(content.subarray(0, SCAN_BYTES)).replace(/\r\n?/g, '\n');
  const end = text.indexOf('\n\n');
  return (end === -1 ? text : text.slice(0, end)).replace(/\n[ \t]+/g, ' ');
}

/** Every value of header `name` (lower-case, letters, digits and dashes) in an unfolded section. */
export function headerValuesIn(section: string, name: string): string[] {
  const re = new RegExp(`^${name}:[ \\t]*(.*)$`, 'gim');
  return [...section.matchAll(re)].map((m) => m[1].trim());
}
