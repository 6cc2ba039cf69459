// S/MIME test material made in the test: a throwaway self-signed certificate (node's RSA key
// generation, node-forge for the certificate) and PKCS#7 signed / enveloped blobs per RFC 8551.
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export type TestSigner = { cert: forge.pki.Certificate; key: forge.pki.PrivateKey; email: string };

export function makeSigner(email = 'signer@customer.example'): TestSigner {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey((key as forge.pki.rsa.PrivateKey).n, (key as forge.pki.rsa.PrivateKey).e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [
    { name: 'commonName', value: 'Test Signer' },
    { name: 'emailAddress', value: email },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(key as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { cert, key, email };
}

/** A PKCS#7 SignedData over `content`: detached (for multipart/signed) or with the content inside (opaque). */
export function signedData(signer: TestSigner, content: Buffer, opts: { detached: boolean }): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  p7.addCertificate(signer.cert);
  p7.addSigner({
    key: signer.key as forge.pki.rsa.PrivateKey,
    certificate: signer.cert,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest },
      { type: forge.pki.oids.signingTime },
    ],
  });
  p7.sign({ detached: opts.detached });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

/** A PKCS#7 EnvelopedData of `content` for the signer's certificate. */
export function envelopedData(recipient: TestSigner, content: Buffer): Buffer {
  const p7 = forge.pkcs7.createEnvelopedData();
  p7.addRecipient(recipient.cert);
  p7.content = forge.util.createBuffer(content.toString('binary'));
  p7.encrypt();
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

export const base64Lines = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
