// S/MIME and TNEF through a real Dovecot mailbox: the case shows the signed or packed content and
// files, and its history says "signed" or "encrypted".
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attachments, caseMessages, cases } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { base64Lines, envelopedData, makeSigner, signedData } from '../helpers/smime';
import { buildTnef } from '../helpers/tnef';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const message = (subject: string, contentType: string, body: Buffer, from: string) =>
  Buffer.from(
    `From: ${from}\r\nTo: support@support.test\r\nSubject: ${subject}\r\nMessage-ID: <${from.split('@')[0]}@customer.example>\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: ${contentType}\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`,
  );

describe('Outlook formats in a mailbox', () => {
  it('opaque-signed, encrypted and winmail.dat messages become cases with their content and a note', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    const signer = makeSigner('kim@customer.example');
    const entity = Buffer.from('Content-Type: text/plain; charset=utf-8\r\n\r\nThe signed request text.\r\n');
    await dovecot.append(
      fx.user,
      [
        message(
          'Signed request',
          'application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"',
          signedData(signer, entity, { detached: false }),
          'kim@customer.example',
        ),
        message(
          'Secret request',
          'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
          envelopedData(signer, entity),
          'lee@customer.example',
        ),
        message(
          'Packed request',
          'application/ms-tnef; name="winmail.dat"',
          buildTnef({ body: 'The packed request text.', files: [{ title: 'form.pdf', content: Buffer.from('%PDF') }] }),
          'pat@customer.example',
        ),
      ],
      { via: 'maildir' },
    );
    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    expect(s.created).toBe(3);

    const bySubject = await withTenant(fx.tenant.tenantId, async (tx) => {
      const out: Record<string, { text: string | null; files: string[]; notes: (string | null)[] }> = {};
      for (const c of await tx.select().from(cases)) {
        const history = await tx.select().from(caseMessages).where(eq(caseMessages.caseId, c.id));
        const incoming = history.find((m) => m.direction === 'in')!;
        const files = await tx.select().from(attachments).where(eq(attachments.caseMessageId, incoming.id));
        out[c.subject] = {
          text: incoming.text?.trim() ?? null,
          files: files.map((f) => f.filename),
          notes: history.filter((m) => m.direction === 'system').map((m) => m.systemKind),
        };
      }
      return out;
    });
    expect(bySubject['Signed request']).toEqual({
      text: 'The signed request text.',
      files: [],
      notes: ['smime-signed'],
    });
    expect(bySubject['Secret request']).toMatchObject({ files: ['smime.p7m'], notes: ['smime-encrypted'] });
    expect(bySubject['Packed request']).toEqual({ text: 'The packed request text.', files: ['form.pdf'], notes: [] });
  });
});
