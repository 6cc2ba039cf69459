// S/MIME messages built here with a throwaway certificate: multipart/signed is marked signed,
// opaque-signed application/pkcs7-mime is unwrapped so its text and files show (it used to be one
// opaque smime.p7m attachment and no text), encrypted S/MIME stays attached with a note.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '@/lib/mail/parse';
import type { ParsedMessage } from '@/lib/mail/types';
import { describeSmime } from '@/lib/mail/unwrap-smime';
import { base64Lines, envelopedData, makeSigner, signedData } from '../helpers/smime';

const signer = makeSigner();

const headers =
  'From: Kim Lee <kim@customer.example>\r\nTo: support@acme.test\r\nSubject: Invoice 4711\r\n' +
  'Message-ID: <smime-1@customer.example>\r\nDate: Thu, 5 Jun 2025 09:00:00 +0000\r\nMIME-Version: 1.0\r\n';

const innerEntity = Buffer.from(
  'Content-Type: multipart/mixed; boundary="in"\r\n\r\n' +
    '--in\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nPlease correct the VAT on invoice 4711 – thanks.\r\n' +
    '--in\r\nContent-Type: application/pdf; name="invoice-4711.pdf"\r\nContent-Disposition: attachment; filename="invoice-4711.pdf"\r\n' +
    'Content-Transfer-Encoding: base64\r\n\r\n' +
    base64Lines(Buffer.from('%PDF-1.4 test invoice')) +
    '\r\n--in--\r\n',
  'utf8',
);

async function parsed(raw: string | Buffer): Promise<ParsedMessage> {
  const result = await parseMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'));
  if (!result.ok) throw new Error(result.reason);
  return result.message;
}

describe('S/MIME', () => {
  it('shows the content of multipart/signed and marks it signed by the certificate’s address', async () => {
    const signedPart = Buffer.from(
      'Content-Type: text/plain; charset=utf-8\r\n\r\nMy password reset link expired.\r\n',
    );
    const signature = signedData(signer, signedPart, { detached: true });
    const msg = await parsed(
      headers +
        'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"\r\n\r\n' +
        `--sig\r\n${signedPart.toString()}\r\n--sig\r\n` +
        'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n' +
        `Content-Disposition: attachment; filename="smime.p7s"\r\n\r\n${base64Lines(signature)}\r\n--sig--\r\n`,
    );
    expect(msg.text?.trim()).toBe('My password reset link expired.');
    expect(msg.smime).toEqual({ signed: true, signer: 'signer@customer.example' });
    expect(describeSmime(msg.smime)).toBe(
      'Signed with S/MIME by signer@customer.example. The signed content is shown; the signature is not verified.',
    );
  });

  it('unwraps opaque-signed application/pkcs7-mime (signed-data) so its text and attachment show', async () => {
    const blob = signedData(signer, innerEntity, { detached: false });
    const msg = await parsed(
      headers +
        'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\n' +
        'Content-Disposition: attachment; filename="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        base64Lines(blob) +
        '\r\n',
    );
    expect(msg.subject).toBe('Invoice 4711');
    expect(msg.text?.trim()).toBe('Please correct the VAT on invoice 4711 – thanks.');
    expect(msg.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['invoice-4711.pdf', 'application/pdf', '%PDF-1.4 test invoice'],
    ]);
    expect(msg.smime).toEqual({ signed: true, signer: 'signer@customer.example' });
  });

  it('unwraps an opaque-signed message whose content is a single text part, x-pkcs7-mime label included', async () => {
    const blob = signedData(signer, Buffer.from('Content-Type: text/plain\r\n\r\nShort and signed.\r\n'), {
      detached: false,
    });
    const msg = await parsed(
      headers +
        'Content-Type: application/x-pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        base64Lines(blob) +
        '\r\n',
    );
    expect(msg.text?.trim()).toBe('Short and signed.');
    expect(msg.attachments).toEqual([]);
  });

  it('keeps encrypted S/MIME as its smime.p7m attachment, marked encrypted, with a note for the agent', async () => {
    const blob = envelopedData(signer, innerEntity);
    const msg = await parsed(
      headers +
        'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\r\n' +
        'Content-Disposition: attachment; filename="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        base64Lines(blob) +
        '\r\n',
    );
    expect(msg.attachments.map((a) => a.filename)).toEqual(['smime.p7m']);
    expect(msg.attachments[0].content.equals(blob)).toBe(true);
    expect(msg.smime).toEqual({ encrypted: true });
    expect(describeSmime(msg.smime)).toContain('encrypted with S/MIME, so its content cannot be shown');
  });

  it('leaves a damaged smime.p7m attached as it came', async () => {
    const msg = await parsed(
      headers +
        'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        base64Lines(Buffer.from('not a pkcs7 blob at all')) +
        '\r\n',
    );
    expect(msg.attachments.map((a) => a.filename)).toEqual(['smime.p7m']);
    expect(msg.smime).toBeUndefined();
  });
});
