// Applies S/MIME to a parsed message (see read-smime.ts): multipart/signed is marked signed; an
// opaque-signed smime.p7m is replaced by the text and files of the entity it signs (parsed by
// `parseEntity`, the same bounded parser); an encrypted one stays attached and is marked encrypted.
// The history then says so (lib/cases/store-case-message.ts).
import { PKCS7_MIME_TYPES, PKCS7_SIGNATURE_TYPES, readPkcs7, signerOfSignature } from './read-smime';
import type { ParsedAttachment, ParsedMessage, ParseResult } from './types';

const isSignature = (a: ParsedAttachment) => PKCS7_SIGNATURE_TYPES.has(a.contentType) || /\.p7s$/i.test(a.filename);
const isPkcs7Mime = (a: ParsedAttachment) => PKCS7_MIME_TYPES.has(a.contentType) || /\.p7m$/i.test(a.filename);

export async function unwrapSmime(
  message: ParsedMessage,
  parseEntity: (raw: Buffer) => Promise<ParseResult>,
): Promise<ParsedMessage> {
  let out = message;
  if (message.contentType === 'multipart/signed') {
    const signature = message.attachments.find(isSignature);
    const signer = signature ? signerOfSignature(signature.content) : undefined;
    out = { ...out, smime: { signed: true, ...(signer ? { signer } : {}) } };
  }

  const p7m = message.attachments.find(isPkcs7Mime);
  if (!p7m) return out;
  const read = readPkcs7(p7m.content);
  if (read.kind === 'encrypted') return { ...out, smime: { ...out.smime, encrypted: true } };
  if (read.kind !== 'signed' || read.content.length === 0) return out;

  const inner = await parseEntity(read.content);
  if (!inner.ok) return out; // the signed blob stays attached as it came
  const entity = inner.message;
  const join = (a: string | undefined, b: string | undefined) => (a?.trim() && b?.trim() ? `${a}\n\n${b}` : b || a);
  return {
    ...out,
    text: join(out.text, entity.text),
    html: entity.html ?? out.html,
    attachments: [...out.attachments.filter((a) => a !== p7m), ...entity.attachments],
    partTypes: [...out.partTypes, ...entity.partTypes],
    smime: {
      ...entity.smime,
      signed: true,
      ...((read.signer ?? entity.smime?.signer) ? { signer: read.signer ?? entity.smime?.signer } : {}),
    },
    ...(entity.parseNotes ? { parseNotes: [...(out.parseNotes ?? []), ...entity.parseNotes] } : {}),
  };
}

/** What the case history says about a message's S/MIME, or null. */
export function describeSmime(smime: ParsedMessage['smime']): string | null {
  if (!smime) return null;
  if (smime.encrypted)
    return (
      'This message is encrypted with S/MIME, so its content cannot be shown. The encrypted part is attached ' +
      '(smime.p7m): open it in a mail client that holds the recipient’s key.'
    );
  if (smime.signed)
    return `Signed with S/MIME${smime.signer ? ` by ${smime.signer}` : ''}. The signed content is shown; the signature is not verified.`;
  return null;
}
