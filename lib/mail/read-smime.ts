// S/MIME as helpdesks meet it (RFC 8551). multipart/signed already shows its content; it is marked
// signed. Opaque-signed application/pkcs7-mime (smime-type=signed-data, what Outlook sends) carries
// the whole MIME entity inside a PKCS#7 SignedData: it is unwrapped here (node-forge reads the
// ASN.1) so its text and files show. Encrypted S/MIME (enveloped-data) cannot be read without the
// recipient's key: it stays an attachment, with a note. Signatures are reported, not verified.
import forge from 'node-forge';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
} as const;

export const PKCS7_MIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);
export const PKCS7_SIGNATURE_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);

export type Pkcs7Content =
  { kind: 'signed'; content: Buffer; signer?: string } | { kind: 'encrypted' } | { kind: 'unknown' };

type Asn1 = forge.asn1.Asn1;

function parseDer(bytes: Buffer): Asn1 | null {
  try {
    return forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')), false);
  } catch {
    return null;
  }
}

function children(node: Asn1 | undefined): Asn1[] {
  return node && Array.isArray(node.value) ? (node.value as Asn1[]) : [];
}

/** An OCTET STRING's bytes, also when BER splits it into constructed chunks. */
function octets(node: Asn1 | undefined, depth = 0): Buffer {
  if (!node || depth > 8) return Buffer.alloc(0);
  if (typeof node.value === 'string') return Buffer.from(node.value, 'binary');
  return Buffer.concat(children(node).map((c) => octets(c, depth + 1)));
}

/** The signer named in the first certificate: its e-mail address, else its common name. */
function signerOf(signedData: Asn1): string | undefined {
  const certs = children(signedData).find(
    (c) => c.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && c.type === 0 && c.constructed,
  );
  const first = children(certs)[0];
  if (!first) return undefined;
  try {
    const cert = forge.pki.certificateFromAsn1(first);
    const email = cert.subject.getField({ name: 'emailAddress' })?.value ?? cert.subject.getField('E')?.value;
    const cn = cert.subject.getField('CN')?.value;
    return (email || cn || undefined) as string | undefined;
  } catch {
    return undefined;
  }
}

/** What a PKCS#7 / CMS blob holds: a signed entity (and who signed it), encrypted data, or neither. */
export function readPkcs7(bytes: Buffer): Pkcs7Content {
  const root = parseDer(bytes);
  const [oidNode, explicit] = children(root ?? undefined);
  if (!oidNode || typeof oidNode.value !== 'string') return { kind: 'unknown' };
  const oid = forge.asn1.derToOid(forge.util.createBuffer(oidNode.value));
  if (oid === OID.envelopedData || oid === OID.authEnvelopedData) return { kind: 'encrypted' };
  if (oid !== OID.signedData) return { kind: 'unknown' };
  // SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo, [0] certificates, … }
  const signedData = children(explicit)[0];
  const encap = children(signedData)[2];
  const eContent = children(children(encap)[1])[0];
  return { kind: 'signed', content: octets(eContent), signer: signedData ? signerOf(signedData) : undefined };
}

/** The signer of a detached signature (the smime.p7s of multipart/signed). */
export function signerOfSignature(bytes: Buffer): string | undefined {
  const read = readPkcs7(bytes);
  return read.kind === 'signed' ? read.signer : undefined;
}
